import MeshcertOpenSSL
import MeshcertSupport

/// The certificates of one file, in file order, whatever its format (PEM, DER, PKCS#7, PKCS#12
/// with the empty password): for commands that take certificates as arguments (`verify`).
public enum CertificateFile {
    public static func read(path: String, passwords: [String] = [], maxFileSize: Int = 4 << 20)
        -> (certificates: [X509Certificate], errors: [Diagnostic]) {
        let contents = FileContentsReader(passwords: passwords, maxFileSize: maxFileSize).read(path: path)
        var errors = contents.errors
        var certificates: [X509Certificate] = []
        for found in contents.certificates {
            do { certificates.append(try X509Certificate(der: found.der)) }
            catch {
                errors.append(Diagnostic(file: path, code: "invalid_certificate",
                                         message: "certificate \(found.location.index + 1) does not decode: \(error.reason ?? "DER error")"))
            }
        }
        if certificates.isEmpty && errors.isEmpty {
            errors.append(Diagnostic(file: path, code: "no_certificates", message: "no certificate in this file"))
        }
        return (certificates, errors)
    }
}
