//! Loose text matching: what makes `Béni Mellal-Khénifra`, `beni mellal khenifra`
//! and `BENI_MELLAL_KHENIFRA` the same name for a person typing it.

/// Folds a header (or an enumerated value) to the form used for comparison:
/// lowercase, Latin accents removed, only letters and digits kept. Arabic and other
/// non-Latin letters are kept as they are.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for lower in c.to_lowercase() {
            match fold_latin(lower) {
                Some(folded) => out.push_str(folded),
                // º and ª are letters to Unicode but mean "number"/"first" marks here.
                None if lower == 'º' || lower == 'ª' => {}
                // Arabic: hamza forms of alef, alef maqsura and ta marbuta as people
                // type them interchangeably; tatweel is decoration.
                None if matches!(lower, 'أ' | 'إ' | 'آ' | 'ٱ') => out.push('ا'),
                None if lower == 'ى' => out.push('ي'),
                None if lower == 'ة' => out.push('ه'),
                None if lower == 'ـ' => {}
                None if lower.is_alphanumeric() => out.push(lower),
                None => {}
            }
        }
    }
    out
}

/// The known names closest to what a person typed (at most three, closest first,
/// then in alphabetical order whatever order the candidates come in; of names
/// spelled alike, the first candidate, e.g. a code before its label): compared
/// without case, accents or punctuation, a name is close when a few letters
/// differ (a third of its length at most) or when one contains the other.
pub fn closest<'a>(candidates: impl IntoIterator<Item = &'a str>, input: &str) -> Vec<&'a str> {
    let typed = normalize(input);
    if typed.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, String, usize, &'a str)> = Vec::new();
    for (at, c) in candidates.into_iter().enumerate() {
        let known = normalize(c);
        if known.is_empty() || known == typed && c == input {
            continue;
        }
        let distance = strsim::levenshtein(&typed, &known);
        let allowed = (typed.chars().count().max(known.chars().count()) / 3).max(1);
        let contains =
            typed.chars().count() >= 3 && (known.contains(&typed) || typed.contains(&known));
        if distance <= allowed || contains {
            scored.push((distance, known, at, c));
        }
    }
    scored.sort_unstable();
    // One suggestion per name, however it is spelled (`boarders`, `Boarders`).
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (_, known, _, c) in scored {
        if out.len() == 3 {
            break;
        }
        if !seen.contains(&known) {
            seen.push(known);
            out.push(c);
        }
    }
    out
}

/// `did you mean "DT02"?` (or two or three names), for an error's context line;
/// `None` when nothing known is close.
pub fn did_you_mean<'a>(
    candidates: impl IntoIterator<Item = &'a str>,
    input: &str,
) -> Option<String> {
    let found = closest(candidates, input);
    if found.is_empty() {
        return None;
    }
    Some(
        crate::messages::Msg::DidYouMean {
            names: found.iter().map(|c| c.to_string()).collect(),
        }
        .to_string(),
    )
}

/// The same, as ` (did you mean "DT02"?)` to append to a one-line message, or empty.
pub fn suggestion<'a>(candidates: impl IntoIterator<Item = &'a str>, input: &str) -> String {
    did_you_mean(candidates, input)
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' | 'ý' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{closest, did_you_mean, normalize};

    #[test]
    fn suggests_the_closest_known_names() {
        let houses = ["DT01", "DT02", "DT12", "AS01"];
        assert_eq!(closest(houses, "DT2"), vec!["DT02", "DT12"]);
        assert_eq!(
            closest(["boarders", "capacity"], "boarder"),
            vec!["boarders"]
        );
        assert_eq!(
            closest(["Internes filles", "Internes garçons"], "Internes fille"),
            vec!["Internes filles"]
        );
        assert!(closest(houses, "ZZZZZZ").is_empty());
        // Ties in alphabetical order, whatever the candidates' order (a map's):
        // the same file gives the same messages and rejects file every time.
        for order in [["DT13", "DT11", "DT12"], ["DT12", "DT13", "DT11"]] {
            assert_eq!(closest(order, "DT1"), vec!["DT11", "DT12", "DT13"]);
        }
        assert_eq!(
            closest(["Boarders", "boarders"], "boarder"),
            vec!["Boarders"]
        );
        assert_eq!(
            closest(["boarders", "Boarders"], "boarder"),
            vec!["boarders"]
        );
        assert_eq!(
            did_you_mean(["pilot", "extension"], "pilote").as_deref(),
            Some("did you mean \"pilot\"?")
        );
        assert_eq!(did_you_mean(houses, "nothing like it"), None);
    }

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(normalize("Béni Mellal-Khénifra"), "benimellalkhenifra");
        assert_eq!(normalize("Président(e)"), "presidente");
        assert_eq!(normalize("N° de récépissé"), "nderecepisse");
        assert_eq!(normalize("code_maison"), normalize("Code maison"));
        assert_eq!(normalize("Laâyoune-Sakia El Hamra"), "laayounesakiaelhamra");
    }

    #[test]
    fn keeps_arabic_letters() {
        assert_eq!(normalize("دار الطالب"), "دارالطالب");
    }
}
