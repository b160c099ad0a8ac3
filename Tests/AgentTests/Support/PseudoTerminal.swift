import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pseudo-terminal for running `kars-sre talk` as a user would: the child gets the slave side as
/// stdin and stdout, the test writes keys to the master side and collects what the child draws
/// (read on a thread of its own, never on a concurrency thread).
final class PseudoTerminal: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var collected = Data()
    private var stopped = false
    private var readerDone = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// posix_openpt, grantpt, unlockpt and ptsname_r from the C library (the Glibc module does not
    /// import them: they sit behind _XOPEN_SOURCE).
    private typealias OpenPT = @convention(c) (Int32) -> Int32
    private typealias ControlPT = @convention(c) (Int32) -> Int32
    private typealias NamePT = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else {
            throw Failure(description: "the C library has no \(name)")
        }
        return unsafeBitCast(symbol, to: type)
    }

    init() throws {
        let openpt = try Self.function("posix_openpt", as: OpenPT.self)
        let grantpt = try Self.function("grantpt", as: ControlPT.self)
        let unlockpt = try Self.function("unlockpt", as: ControlPT.self)
        let ptsname = try Self.function("ptsname_r", as: NamePT.self)
        master = openpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 128)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0,
            ptsname(master, &name, name.count) == 0
        else {
            throw Failure(
                description: "cannot open a pseudo-terminal: \(strerror(errno).map { String(cString: $0) } ?? "errno \(errno)")")
        }
        slave = open(String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            Glibc.close(master)
            throw Failure(
                description:
                    "cannot open the pseudo-terminal's slave side: \(strerror(errno).map { String(cString: $0) } ?? "errno \(errno)")")
        }
        var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        Thread.detachNewThread { [self] in readLoop() }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !lock.withLock({ stopped }) {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                lock.withLock { collected.append(contentsOf: buffer[..<count]) }
            } else if count < 0, errno != EINTR, errno != EAGAIN {
                break
            }
        }
        lock.withLock { readerDone = true }
    }

    /// Everything the child wrote so far.
    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// Types bytes as the keyboard would.
    func type(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func type(_ text: String) { type(Array(text.utf8)) }

    /// The slave side's local flags (ICANON, ECHO, ...), as the child set them.
    func localFlags() -> tcflag_t {
        var attributes = termios()
        _ = tcgetattr(slave, &attributes)
        return attributes.c_lflag
    }

    var isRaw: Bool { localFlags() & tcflag_t(ICANON | ECHO) == 0 }
    var isCooked: Bool { localFlags() & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO) }

    /// Stops the reader thread (waiting for it) and closes both sides.
    func close() async {
        lock.withLock { stopped = true }
        for _ in 0..<100 where !lock.withLock({ readerDone }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        Glibc.close(slave)
        Glibc.close(master)
    }
}

/// Polls a condition until it holds or a generous deadline passes.
func waitUntil(timeout: Double = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}
