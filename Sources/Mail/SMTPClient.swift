import CCurl
import Foundation

/// SMTP through libcurl. One client keeps one easy handle, so consecutive messages reuse the
/// connection (and its TLS session); each message goes to exactly one recipient.
public final class SMTPClient {
    public struct Credentials: Sendable {
        public var user: String
        public var password: String
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    public enum Outcome: Sendable, Equatable {
        case sent
        /// The server would not take this recipient (or this message for them): others may
        /// still get theirs.
        case refused(code: Int, reason: String)
    }

    /// The server cannot be reached, refuses the sender or the login, or fails mid-way:
    /// nobody else can be mailed in this run.
    public struct TransportError: Error, CustomStringConvertible {
        public var description: String
    }

    public let url: String
    /// Seconds.
    public let timeout: Int
    public static let defaultTimeout = 60
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// `url`: `smtp://host[:port]` (STARTTLS when the server offers it; required when
    /// logging in anywhere but on this machine) or `smtps://host[:port]` (TLS from the start).
    /// `timeout`: seconds without an answer (or without a byte moving) after which the
    /// server is taken for down, not slow.
    public init(url: String, credentials: Credentials?, timeout: Int = defaultTimeout) throws(TransportError) {
        guard let h = curl_easy_init() else { throw TransportError(description: "libcurl could not start") }
        handle = h
        self.url = url
        self.timeout = timeout
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = kiosque_curl_setopt_string(h, CURLOPT_URL, url)
        _ = kiosque_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = kiosque_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = kiosque_curl_setopt_long(h, CURLOPT_UPLOAD, 1)
        _ = kiosque_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT, min(15, timeout))
        // Each reply awaited (greeting, EHLO, MAIL, RCPT, DATA, the end of the message), and
        // the message's bytes while they go: libcurl's default wait for a reply is 120 s.
        _ = kiosque_curl_setopt_long(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout)
        _ = kiosque_curl_setopt_long(h, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = kiosque_curl_setopt_long(h, CURLOPT_LOW_SPEED_TIME, timeout)
        let tls = url.lowercased().hasPrefix("smtps://") || (credentials != nil && !Self.isLoopback(url))
            ? CURLUSESSL_ALL : CURLUSESSL_TRY
        _ = kiosque_curl_setopt_long(h, CURLOPT_USE_SSL, Int(tls.rawValue))
        if let credentials {
            _ = kiosque_curl_setopt_string(h, CURLOPT_USERNAME, credentials.user)
            _ = kiosque_curl_setopt_string(h, CURLOPT_PASSWORD, credentials.password)
        }
        _ = kiosque_curl_setopt_data_callback(h, CURLOPT_READFUNCTION) { buffer, size, count, context in
            let upload = Unmanaged<Upload>.fromOpaque(context!).takeUnretainedValue()
            return upload.read(into: buffer!, max: size * count)
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `message` (CRLF lines; libcurl does the dot-stuffing) from `sender` to `recipient`.
    /// `atEnd` runs once, as libcurl takes the message's last bytes: before that the server
    /// cannot have it; if `atEnd` throws, the message is cut short and this throws.
    public func send(_ message: [UInt8], from sender: String, to recipient: String,
                     atEnd: @escaping () throws -> Void) throws(TransportError) -> Outcome {
        let upload = Upload(message, atEnd: atEnd)
        let context = Unmanaged.passRetained(upload)
        defer { context.release() }
        let rcpt = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(rcpt) }
        _ = kiosque_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>")
        _ = kiosque_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, rcpt)
        _ = kiosque_curl_setopt_pointer(handle, CURLOPT_READDATA, context.toOpaque())
        _ = kiosque_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        errorBuffer[0] = 0
        let rc = curl_easy_perform(handle)
        _ = kiosque_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        if rc == CURLE_OK { return .sent }
        if let failure = upload.failure { throw TransportError(description: "\(failure)") }

        var code = 0
        _ = kiosque_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(rc))
        // libcurl reports "RCPT failed: 550" (or a refused DATA) with the server's code: that
        // recipient only. "MAIL failed" is the sender, a problem for every message.
        let perRecipient = (rc == CURLE_SEND_ERROR || rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_RECV_ERROR)
            && (400..<600).contains(code) && !detail.hasPrefix("MAIL")
        if perRecipient { return .refused(code: code, reason: detail) }
        var hint = ""
        if rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST {
            hint = " (is the SMTP server running? it comes from KIOSQUE_SMTP_URL or digest.smtp_url)"
        } else if rc == CURLE_OPERATION_TIMEDOUT {
            hint = " (the server stopped answering for \(timeout) s)"
            // It would not answer QUIT either, which libcurl sends when the handle goes and
            // waits for as long again: cut the connection now.
            var socket: curl_socket_t = -1
            if kiosque_curl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        } else if rc == CURLE_LOGIN_DENIED {
            hint = " (check KIOSQUE_SMTP_USER and KIOSQUE_SMTP_PASSWORD)"
        }
        throw TransportError(description: "\(Self.redacted(url)): \(detail)\(code > 0 ? " (server said \(code))" : "")\(hint)")
    }

    /// The URL without any user name or password, for messages.
    public static func redacted(_ url: String) -> String {
        guard let c = URLComponents(string: url), let host = c.host else { return url }
        return "\(c.scheme ?? "smtp")://\(host)\(c.port.map { ":\($0)" } ?? "")"
    }

    static func isLoopback(_ url: String) -> Bool {
        let host = URLComponents(string: url)?.host ?? ""
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The message being uploaded, read by libcurl in chunks.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        let atEnd: () throws -> Void
        var ended = false
        /// What `atEnd` threw.
        var failure: Error?

        init(_ bytes: [UInt8], atEnd: @escaping () throws -> Void) {
            self.bytes = bytes
            self.atEnd = atEnd
        }

        func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
            let n = min(max, bytes.count - offset)
            if offset + n == bytes.count && !ended {
                do { try atEnd() } catch {
                    failure = error
                    return Int(CURL_READFUNC_ABORT)
                }
                ended = true
            }
            guard n > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { src in
                UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            return n
        }
    }
}
