import FuzzSupport

FuzzDriver.run { data, size in fuzzOne(data, size) }
