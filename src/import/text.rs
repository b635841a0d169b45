//! Turning a file's bytes into text the way peers' tools wrote it: a UTF-8 or UTF-16 byte-order mark wins, then
//! strict UTF-8, then Windows-1252 (what subtitle editors on Windows save by default).

use super::error::ImportError;

/// The file's text, without any byte-order mark.
pub fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ImportError::Encoding(format!("invalid {} after its byte-order mark", encoding.name())));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(bytes);
            if had_errors {
                return Err(ImportError::Encoding("neither UTF-8 nor Windows-1252".into()));
            }
            Ok(text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn decodes_boms_and_cp1252() {
        assert_eq!(decode_text(b"\xef\xbb\xbfhi").ok().as_deref(), Some("hi"));
        assert_eq!(decode_text(b"\xff\xfeh\0i\0").ok().as_deref(), Some("hi"));
        assert_eq!(decode_text(b"caf\xe9").ok().as_deref(), Some("café"));
    }
}
