#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal settings saved before raw mode, and whether raw mode is on. Plain globals because
/// the signal handler that restores them may touch nothing else (async-signal-safe).
nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var rawDescriptor: Int32 = -1

private func restoreTerminalFromSignal(_ signalNumber: Int32) {
    if rawDescriptor >= 0 {
        _ = tcsetattr(rawDescriptor, TCSANOW, &savedAttributes)
        rawDescriptor = -1
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

/// Raw mode for the line editor (no echo, no line buffering, no signals from Ctrl-C/Ctrl-Z, no
/// CR→NL translation) and its undoing: `disable` after each line, on exit (`atexit`) and on the
/// signals that end the process (SIGINT, SIGTERM, SIGHUP, SIGQUIT), which are then re-raised.
enum RawTerminal {
    private static let installOnce: Void = {
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(number, restoreTerminalFromSignal)
        }
        atexit { RawTerminal.disable() }
    }()

    /// Switches `descriptor` to raw mode; false when it is not a terminal or cannot be switched.
    static func enable(_ descriptor: Int32) -> Bool {
        _ = installOnce
        guard rawDescriptor < 0 else { return true }
        var attributes = termios()
        guard tcgetattr(descriptor, &attributes) == 0 else { return false }
        savedAttributes = attributes
        attributes.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        attributes.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        attributes.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &attributes.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        rawDescriptor = descriptor
        // TCSADRAIN, not TCSAFLUSH: keys typed ahead (or pasted lines) are kept, not discarded.
        guard tcsetattr(descriptor, TCSADRAIN, &attributes) == 0 else {
            rawDescriptor = -1
            return false
        }
        return true
    }

    /// Restores the saved settings; harmless when raw mode is off.
    static func disable() {
        guard rawDescriptor >= 0 else { return }
        _ = tcsetattr(rawDescriptor, TCSADRAIN, &savedAttributes)
        rawDescriptor = -1
    }

    /// The terminal's width in columns (80 when it cannot be read).
    static func columns(_ descriptor: Int32) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
