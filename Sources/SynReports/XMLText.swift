/// Text for XML and SVG content and attribute values: the five predefined entities.
public enum XMLText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        for c in text.withoutControlCharacters {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    /// The text without terminal escape sequences (ESC [ … final byte, as colouring programs
    /// write them) and without the other C0 control characters and DEL, which XML 1.0 forbids
    /// and which garble markdown; tabs become spaces, line breaks stay. For every text that comes
    /// from outside (an engine's log line, a file's contents) before it lands in a report.
    public var withoutControlCharacters: String {
        var out = ""
        var scalars = unicodeScalars.makeIterator()
        while let u = scalars.next() {
            switch u.value {
            case 0x1B:
                // CSI: ESC [ parameters… final byte in 0x40…0x7E; a lone ESC is dropped.
                guard let next = scalars.next(), next == "[" else { continue }
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
            case 0x09: out.unicodeScalars.append(" ")
            case 0x0A, 0x0D: out.unicodeScalars.append(u)
            case 0x00...0x1F, 0x7F: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
