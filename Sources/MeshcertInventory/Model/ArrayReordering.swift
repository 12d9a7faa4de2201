/// Reordering the scan's large value arrays (entries, parsed certificates) by moving elements,
/// never copying them.
extension Array {
    /// Reorders the elements so that position k holds what was at `order[k]` (a permutation of
    /// the indices), one swap per element: sorting large entries by index and moving each once
    /// costs less than a sort that moves them at every merge step. Swaps go through the
    /// buffer: its `swapAt` moves the elements, where Array's copies them (a retain and a
    /// release of every field).
    mutating func permute(toOrder order: [Int]) {
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { buffer in
            for start in buffer.indices where !placed[start] {
                var k = start
                while true {
                    placed[k] = true
                    let from = order[k]
                    if from == start { break }
                    buffer.swapAt(k, from)
                    k = from
                }
            }
        }
    }

    /// `reverse()` by moves (see `permute`).
    mutating func reverseInPlace() {
        withUnsafeMutableBufferPointer { buffer in
            var (i, j) = (0, buffer.count - 1)
            while i < j {
                buffer.swapAt(i, j)
                (i, j) = (i + 1, j - 1)
            }
        }
    }
}
