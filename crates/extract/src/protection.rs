//! Whether a file is password-protected, read from its container alone: zip entries
//! with the encryption flag or the AES method (through the `zip` crate, with a scan of
//! the central directory, then of the local headers, for archives the crate rejects), an
//! OOXML document stored as an encrypted Compound File, a PDF with an `/Encrypt`
//! dictionary. The one place that knows: the readers use it for their notes and the
//! engine's `encrypted_attachment` check for its message.

use memchr::memmem;
use std::io::Cursor;

/// How a file is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// A zip with ZipCrypto or AES entries.
    Zip,
    /// An Office Open XML document in an encrypted Compound File (`EncryptedPackage`).
    Office,
    /// A PDF with an `/Encrypt` dictionary.
    Pdf,
}

/// The magic of a Compound File (OLE2): legacy Office files and encrypted OOXML.
pub(crate) const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The protection of `bytes`, a file named `name`, if it has one.
pub fn protection(name: &str, bytes: &[u8]) -> Option<Protection> {
    let lower = name.to_lowercase();
    if bytes.starts_with(b"PK") || lower.ends_with(".zip") {
        return zip_is_encrypted(bytes).then_some(Protection::Zip);
    }
    let ooxml = [".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".pptm"];
    if bytes.starts_with(&CFB_MAGIC) && ooxml.iter().any(|e| lower.ends_with(e)) {
        // An OOXML document is a zip; stored as a CFB container it is an encrypted one.
        return Some(Protection::Office);
    }
    if is_encrypted_package(bytes) {
        return Some(Protection::Office);
    }
    if bytes.starts_with(b"%PDF") && memmem::find(bytes, b"/Encrypt").is_some() {
        return Some(Protection::Pdf);
    }
    None
}

/// A Compound File holding an `EncryptedPackage` stream (its directory entry name is
/// UTF-16LE): an encrypted OOXML document, whatever its name.
pub(crate) fn is_encrypted_package(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(&CFB_MAGIC) && memmem::find(bytes, &needle).is_some()
}

fn zip_is_encrypted(data: &[u8]) -> bool {
    if let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(data)) {
        let mut all_read = true;
        for i in 0..archive.len() {
            match archive.by_index_raw(i) {
                Ok(entry) if entry.encrypted() => return true,
                Ok(_) => {}
                Err(_) => {
                    all_read = false;
                    break;
                }
            }
        }
        if all_read {
            // The crate read every entry: trust it (a byte scan could match the
            // signature inside compressed data).
            return false;
        }
        // An entry the crate cannot read (AES without the feature): read the flags.
        return central_directory_flags(data);
    }
    central_directory_flags(data) || local_header_flags(data)
}

/// Scan central-directory records (`PK\x01\x02`): general-purpose flag bit 0, or
/// compression method 99 (WinZip AES).
fn central_directory_flags(data: &[u8]) -> bool {
    records(data, b"PK\x01\x02", 8, 10)
}

/// The same on local file headers (`PK\x03\x04`), for archives without a readable
/// central directory (truncated mail).
fn local_header_flags(data: &[u8]) -> bool {
    records(data, b"PK\x03\x04", 6, 8)
}

fn records(data: &[u8], signature: &[u8], flag_offset: usize, method_offset: usize) -> bool {
    memmem::find_iter(data, signature).any(|at| {
        let field = |offset: usize| {
            data.get(at + offset..at + offset + 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
        };
        matches!(
            (field(flag_offset), field(method_offset)),
            (Some(flags), Some(method)) if flags & 1 == 1 || method == 99
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entry stored zip, optionally flagged as encrypted.
    fn zip_bytes(encrypted: bool) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            w.start_file("a.txt", options).expect("start");
            std::io::Write::write_all(&mut w, b"hello").expect("write");
            w.finish().expect("finish");
        }
        let mut bytes = buf.into_inner();
        if encrypted {
            // Set bit 0 of the general-purpose flags in the local and central headers.
            for (sig, off) in [(&b"PK\x03\x04"[..], 6), (&b"PK\x01\x02"[..], 8)] {
                let at = memmem::find(&bytes, sig).expect("header");
                bytes[at + off] |= 1;
            }
        }
        bytes
    }

    #[test]
    fn detects_protection() {
        assert_eq!(
            protection("見積書.zip", &zip_bytes(true)),
            Some(Protection::Zip)
        );
        assert_eq!(protection("見積書.zip", &zip_bytes(false)), None);
        let mut truncated = zip_bytes(true);
        truncated.truncate(40);
        assert_eq!(protection("x.zip", &truncated), Some(Protection::Zip));
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend(vec![0; 100]);
        assert_eq!(protection("顧客.xlsx", &cfb), Some(Protection::Office));
        assert_eq!(protection("old.xls", &cfb), None);
        assert_eq!(
            protection("a.pdf", b"%PDF-1.7\n trailer << /Encrypt 5 0 R >>"),
            Some(Protection::Pdf)
        );
        assert_eq!(protection("a.pdf", b"%PDF-1.7\n plain"), None);
        assert_eq!(protection("garbage.zip", b"PK\x05\x06"), None);
    }
}
