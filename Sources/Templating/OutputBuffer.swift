/// The bytes a render produces: one growing allocation with appends that check capacity and
/// copy, nothing else.
///
/// `[UInt8].append(contentsOf:)` costs a uniqueness check, a generic capacity check and a
/// memcpy call each time; a page makes thousands of small appends, so that overhead was a
/// tenth of the render. Noncopyable, so the memory has exactly one owner.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far; valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes as a String (they are always whole UTF-8 sequences).
    var string: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = bytes.count
        guard length > 0 else { return }
        if count + length > capacity { grow(toAtLeast: count + length) }
        let target = base + count
        if length <= 16 {
            // Short copies (most of them: names, numbers, separators) beat a memcpy call.
            for index in 0..<length { target[index] = bytes[index] }
        } else {
            target.update(from: bytes.baseAddress.unsafelyUnwrapped, count: length)
        }
        count = count + length
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ other: borrowing OutputBuffer) {
        append(other.bytes)
    }

    /// Lets `body` write up to `maximum` bytes in place; it returns how many it wrote.
    @inline(__always)
    mutating func write(upTo maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maximum > capacity { grow(toAtLeast: count + maximum) }
        count += body(base + count)
    }

    /// Drops bytes from `newCount` on (to undo a partial write).
    mutating func truncate(to newCount: Int) {
        count = min(count, newCount)
    }

    private mutating func grow(toAtLeast needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
