//! Character encodings of incoming text files: detection from a sample and a
//! streaming reader that turns any of them into UTF-8 without a byte-order mark.

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs_io::DecodeReaderBytesBuilder;

/// The encodings that French- and Arabic-locale Excel and LibreOffice produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
    Windows1256,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8 (BOM)",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Windows1256 => "windows-1256",
        }
    }

    /// Parses the value of `--encoding`; the error is a sentence listing what is accepted.
    pub fn from_user(s: &str) -> Result<Encoding, String> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match key.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-8-sig" | "utf-8-bom" | "utf8-bom" => Encoding::Utf8Bom,
            // Excel's "Unicode text" is little-endian, so a bare "utf-16" means that.
            "utf-16" | "utf16" | "utf-16le" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => {
                Encoding::Windows1252
            }
            "windows-1256" | "cp1256" | "arabic" => Encoding::Windows1256,
            _ => {
                return Err(crate::messages::Msg::UnknownEncoding {
                    input: s.trim().to_string(),
                }
                .to_string());
            }
        })
    }

    /// The encoding_rs codec for this encoding.
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
            Encoding::Windows1256 => encoding_rs::WINDOWS_1256,
        }
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const BOM_UTF8: &[u8] = b"\xEF\xBB\xBF";
const BOM_UTF16LE: &[u8] = b"\xFF\xFE";
const BOM_UTF16BE: &[u8] = b"\xFE\xFF";

/// Guesses the encoding of a file from its first bytes (64 KiB is plenty).
pub fn detect(sample: &[u8]) -> Encoding {
    if sample.starts_with(BOM_UTF8) {
        return Encoding::Utf8Bom;
    }
    if sample.starts_with(BOM_UTF16LE) {
        return Encoding::Utf16Le;
    }
    if sample.starts_with(BOM_UTF16BE) {
        return Encoding::Utf16Be;
    }
    // Before the UTF-8 test, which ASCII text with NULs between would pass.
    if sample.contains(&0)
        && let Some(enc) = bomless_utf16(sample)
    {
        return enc;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return Encoding::Utf8,
        // The sample ends inside a multi-byte character, as a cut of a longer file
        // may: UTF-8 if it held other such characters, while a lone high byte at
        // the very end is as likely a Windows-1252 "é".
        Err(e) if e.error_len().is_none() && !sample[..e.valid_up_to()].is_ascii() => {
            return Encoding::Utf8;
        }
        Err(_) => {}
    }
    single_byte_guess(sample)
}

/// True for text that is UTF-8 but for a few bytes: at least as many valid
/// multi-byte UTF-8 characters as invalid bytes. Such a file was written in
/// UTF-8 and then had a line pasted from elsewhere (Latin-1, Windows-1252);
/// decoding it whole as a single-byte encoding would garble every other line.
pub fn is_mostly_utf8(sample: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s
                    .chars()
                    .filter(|c| !c.is_ascii() && *c != '\u{feff}')
                    .count();
                break;
            }
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                valid += std::str::from_utf8(good)
                    .map(|s| {
                        s.chars()
                            .filter(|c| !c.is_ascii() && *c != '\u{feff}')
                            .count()
                    })
                    .unwrap_or(0);
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    // Cut at the end of the sample.
                    None => break,
                }
            }
        }
    }
    invalid > 0 && valid >= invalid
}

/// UTF-16 saved without a BOM still shows itself by a NUL in every other byte
/// (ASCII text); the NUL side tells the byte order.
fn bomless_utf16(sample: &[u8]) -> Option<Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    if odd * 2 >= pairs && even == 0 {
        Some(Encoding::Utf16Le)
    } else if even * 2 >= pairs && odd == 0 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn single_byte_guess(sample: &[u8]) -> Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess == encoding_rs::WINDOWS_1256 {
        Encoding::Windows1256
    } else if guess == encoding_rs::WINDOWS_1252 {
        Encoding::Windows1252
    } else if mostly_arabic_in_1256(sample) {
        Encoding::Windows1256
    } else {
        Encoding::Windows1252
    }
}

/// Windows-1256 keeps the French lowercase accented letters where Windows-1252 has
/// them, so Arabic text is what tells the two apart: most of its high bytes are
/// Arabic letters once read as 1256.
fn mostly_arabic_in_1256(sample: &[u8]) -> bool {
    let mut high = 0usize;
    let mut arabic = 0usize;
    for &b in sample.iter().filter(|b| **b >= 0x80) {
        high += 1;
        let byte = [b];
        let (text, _) = encoding_rs::WINDOWS_1256.decode_without_bom_handling(&byte);
        if text
            .chars()
            .next()
            .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic())
        {
            arabic += 1;
        }
    }
    high > 0 && arabic * 2 > high
}

/// A reader that yields the file's text as UTF-8 with any BOM removed, decoding as
/// it goes so that memory does not depend on the file size.
///
/// For UTF-8 the file itself is returned (past its BOM), so nothing is copied and
/// invalid bytes reach the caller unchanged, to be reported with their position.
/// Other encodings cannot fail: undecodable units become U+FFFD.
pub fn decoding_reader(mut file: File, enc: Encoding) -> Box<dyn Read> {
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => match skip_utf8_bom(&mut file) {
            Ok(()) => Box::new(file),
            // A file that cannot seek still reads: let the decoder drop the BOM.
            Err(_) => Box::new(
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding_rs::UTF_8))
                    .utf8_passthru(true)
                    .strip_bom(true)
                    .build(file),
            ),
        },
        _ => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(enc.codec()))
                .strip_bom(true)
                .build(file),
        ),
    }
}

fn skip_utf8_bom(file: &mut File) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..])? {
            0 => break,
            n => got += n,
        }
    }
    if &head[..got] != BOM_UTF8 {
        file.seek(SeekFrom::Start(0))?;
    }
    Ok(())
}

#[cfg(test)]
mod mixed_tests {
    #[test]
    fn mostly_utf8_is_told_from_single_byte_text() {
        assert!(super::is_mostly_utf8(
            "Région;Fès\nx;"
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"\xe9t\xe9\n")
                .collect::<Vec<u8>>()
                .as_slice()
        ));
        assert!(!super::is_mostly_utf8(b"R\xe9gion;F\xe8s\n"));
        assert!(!super::is_mostly_utf8("Région".as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn encode(text: &str, codec: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = codec.encode(text);
        assert!(!unmappable, "{text} does not fit {}", codec.name());
        bytes.into_owned()
    }

    fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut out = BOM_UTF16LE.to_vec();
        for unit in text.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    fn decode_file(bytes: &[u8], enc: Encoding) -> String {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut text = String::new();
        decoding_reader(file, enc)
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn detects_boms() {
        assert_eq!(detect(b"\xEF\xBB\xBFcode;nom"), Encoding::Utf8Bom);
        assert_eq!(detect(&utf16le_with_bom("code\tnom")), Encoding::Utf16Le);
        assert_eq!(detect(b"\xFE\xFF\x00c\x00o"), Encoding::Utf16Be);
    }

    #[test]
    fn detects_utf8_even_when_cut_inside_a_character() {
        assert_eq!(detect("Région;Capacité".as_bytes()), Encoding::Utf8);
        assert_eq!(detect(b"code,nom"), Encoding::Utf8);
        assert_eq!(detect(b""), Encoding::Utf8);
        let arabic = "دار الطالبة".as_bytes();
        assert_eq!(detect(&arabic[..arabic.len() - 1]), Encoding::Utf8);
        assert_eq!(detect(b"Code;Capacit\xe9"), Encoding::Windows1252);
    }

    #[test]
    fn detects_windows_1252() {
        assert_eq!(detect(b"R\xe9gion;Capacit\xe9"), Encoding::Windows1252);
        let text = "Code maison;Indicateur;Période;Valeur;Commentaire\nDT01;Internes;T1 2025;1 234,5;Élèves arrivés en retard\n";
        assert_eq!(
            detect(&encode(text, encoding_rs::WINDOWS_1252)),
            Encoding::Windows1252
        );
    }

    #[test]
    fn detects_windows_1256() {
        let bytes = encode("دار الطالبة", encoding_rs::WINDOWS_1256);
        assert_eq!(detect(&bytes), Encoding::Windows1256);
        let text = "Code;Nom;Nom arabe;Région\nDT01;Dar Taliba Ouled;دار الطالبة أولاد;Souss-Massa\nDT02;Dar Talib Tiznit;دار الطالب تيزنيت;Souss-Massa\n";
        assert_eq!(
            detect(&encode(text, encoding_rs::WINDOWS_1256)),
            Encoding::Windows1256
        );
    }

    #[test]
    fn detects_bomless_utf16() {
        let le: Vec<u8> = "code\tnom\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&le), Encoding::Utf16Le);
        let be: Vec<u8> = "code\tnom\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(detect(&be), Encoding::Utf16Be);
    }

    #[test]
    fn arabic_fallback_reads_high_bytes() {
        assert!(mostly_arabic_in_1256(&encode(
            "دار الطالب",
            encoding_rs::WINDOWS_1256
        )));
        assert!(!mostly_arabic_in_1256(b"R\xe9gion \xe0 \xe9t\xe9"));
        assert!(!mostly_arabic_in_1256(b"plain ascii"));
    }

    #[test]
    fn user_names() {
        assert_eq!(Encoding::from_user("UTF8"), Ok(Encoding::Utf8));
        assert_eq!(Encoding::from_user("utf-16"), Ok(Encoding::Utf16Le));
        assert_eq!(Encoding::from_user("UTF-16BE"), Ok(Encoding::Utf16Be));
        assert_eq!(Encoding::from_user("Latin-1"), Ok(Encoding::Windows1252));
        assert_eq!(Encoding::from_user("iso-8859-1"), Ok(Encoding::Windows1252));
        assert_eq!(Encoding::from_user("CP1252"), Ok(Encoding::Windows1252));
        assert_eq!(Encoding::from_user("arabic"), Ok(Encoding::Windows1256));
        assert_eq!(Encoding::from_user("cp1256"), Ok(Encoding::Windows1256));
        let err = Encoding::from_user("ebcdic").unwrap_err();
        assert!(err.contains("\"ebcdic\"") && err.contains("windows-1252"));
        assert_eq!(Encoding::Utf8Bom.name(), "utf-8 (BOM)");
    }

    #[test]
    fn decoding_reader_yields_utf8_without_bom() {
        assert_eq!(decode_file(b"\xEF\xBB\xBFa;b", Encoding::Utf8Bom), "a;b");
        assert_eq!(decode_file(b"\xEF\xBB\xBFa;b", Encoding::Utf8), "a;b");
        assert_eq!(decode_file(b"a;b", Encoding::Utf8), "a;b");
        assert_eq!(decode_file(b"", Encoding::Utf8), "");
        assert_eq!(
            decode_file(b"R\xe9gion;Capacit\xe9", Encoding::Windows1252),
            "Région;Capacité"
        );
        assert_eq!(
            decode_file(
                &encode("دار الطالبة", encoding_rs::WINDOWS_1256),
                Encoding::Windows1256
            ),
            "دار الطالبة"
        );
        assert_eq!(
            decode_file(&utf16le_with_bom("Région\tدار"), Encoding::Utf16Le),
            "Région\tدار"
        );
    }
}
