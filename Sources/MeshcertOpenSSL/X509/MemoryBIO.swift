internal import COpenSSL

/// Owns one memory `BIO`. Used to read DER/PEM bytes into OpenSSL and to collect printed text.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// A read-only BIO over `bytes`; the bytes are copied, so the BIO never outlives its data.
    init(bytes: UnsafeRawBufferPointer) throws(OpenSSLError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError.drain("BIO_new") }
        pointer = bio
        if bytes.count > 0, BIO_write(bio, bytes.baseAddress, Int32(bytes.count)) != Int32(bytes.count) {
            throw OpenSSLError.drain("BIO_write")
        }
    }

    /// An empty, writable BIO.
    init() throws(OpenSSLError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError.drain("BIO_new") }
        pointer = bio
    }

    deinit { BIO_free(pointer) }

    /// Everything written so far, as UTF-8 text.
    var text: String {
        var data: UnsafeMutablePointer<CChar>? = nil
        let length = mc_BIO_get_mem_data(pointer, &data)
        guard length > 0, let data else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
