//! Claims for the sample case, quoted exactly from the public record as reported by FOX 9
//! (see shared/sample-case-sources.md): agency claims first, then findings and counter-statements.

use crate::case::{AssertedBy, Claim, ClaimId, SourceDocument};

const DHS: &str = "Department of Homeland Security";

/// The FOX 9 article every sample claim is cited from (undated in the project's copy).
pub fn sample_source() -> SourceDocument {
    SourceDocument {
        document:
            "FOX 9 Investigators, \"ICE claims about vehicle attacks 'difficult' to believe, says federal judge\", \
                   FOX 9 (Minneapolis–St. Paul)"
                .to_owned(),
        date: None,
        link: None,
    }
}

fn claim(id: &str, title: &str, quote: &str, agency: &str, official: &str, notes: &str) -> Claim {
    Claim {
        id: ClaimId::new(id),
        title: title.to_owned(),
        quote: quote.to_owned(),
        asserted_by: AssertedBy { agency: agency.to_owned(), official: official.to_owned() },
        source: sample_source(),
        notes: notes.to_owned(),
        asserted_on: None,
    }
}

/// The sample case's claims, with fixed ids `c1`…`c11`.
pub fn sample_claims() -> Vec<Claim> {
    let ellis_agency = "U.S. District Court (Chicago)";
    let ellis = "U.S. District Judge Sarah Ellis";
    vec![
        claim(
            "c1",
            "Agents rammed every day",
            "every day",
            DHS,
            "",
            "Agency claim: DHS claimed immigration agents were rammed \"every day\" during Operation Midway Blitz \
             (Chicago, the year before the article).",
        ),
        claim(
            "c2",
            "Constant danger from deliberate ramming",
            "faced constant danger from cars ramming them on purpose.",
            DHS,
            "",
            "Agency claim: DHS told the court that body-camera videos from a particular day showed agents \
             \"faced constant danger from cars ramming them on purpose.\"",
        ),
        claim(
            "c3",
            "Coordinated vehicle impeding",
            "It's clear that is being coordinated. People are being trained and told how to use their vehicles \
             to impede law enforcement operations.",
            DHS,
            "DHS Secretary Kristi Noem",
            "Agency claim.",
        ),
        claim(
            "c4",
            "Minneapolis driver was harassing and impeding",
            "It's very clear that this individual was harassing and impeding law enforcement operations",
            DHS,
            "DHS Secretary Kristi Noem",
            "Agency claim, of a driver shot by an ICE agent in Minneapolis; she also said the driver was \
             \"stalking\" and attacking the agent.",
        ),
        claim(
            "c5",
            "Drivers' acts are domestic terrorism",
            "domestic terrorism",
            DHS,
            "Officials (unnamed)",
            "Agency claim: officials called such drivers' acts \"domestic terrorism\".",
        ),
        claim(
            "c6",
            "Judge: claims difficult to believe",
            "difficult, if not impossible, to believe",
            ellis_agency,
            ellis,
            "Finding on the record: Judge Ellis found many of the claims \"difficult, if not impossible, to believe\".",
        ),
        claim(
            "c7",
            "Judge: agent drove erratically and brake-checked",
            "suggests that the agent drove erratically and brake-checked other motorists in an attempt to force \
             accidents that agents could then use as justifications for deploying force.",
            ellis_agency,
            ellis,
            "Finding on the record: Judge Ellis, of the video.",
        ),
        claim(
            "c8",
            "Judge: following cars treated as threats",
            "but not driving aggressively as potential threats",
            ellis_agency,
            ellis,
            "Finding on the record: Judge Ellis found agents often treated cars that were merely following \
             \"but not driving aggressively as potential threats\".",
        ),
        claim(
            "c9",
            "Judge: aggressive drivers not the norm",
            "not the norm",
            ellis_agency,
            ellis,
            "Finding on the record: aggressive drivers occurred at times but were \"not the norm\" in the videos \
             Judge Ellis reviewed.",
        ),
        claim(
            "c10",
            "Defence attorney: government statements not true",
            "What the government puts out is objectively not true in these cases.",
            "Defence counsel",
            "Attorney Christopher Parente",
            "Counter-statement: federal prosecutors dropped an assault charge against his client (accused of \
             ramming a federal agent's vehicle) after reviewing body camera video.",
        ),
        claim(
            "c11",
            "Witnesses: ICE vehicle slammed on its brakes",
            "slammed on its brakes",
            "Witnesses in Minnesota",
            "",
            "Counter-statement: witnesses said an ICE vehicle caused an accident after it \"slammed on its brakes\" \
             on Blake Road south of Knollwood Mall.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_claims_quote_the_source_verbatim() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sample-case-sources.md");
        let Ok(sources) = std::fs::read_to_string(&path) else {
            eprintln!("SKIPPED: {} is absent; cannot check the quotes against it", path.display());
            return;
        };
        let flat = sources.split_whitespace().collect::<Vec<_>>().join(" ");
        let claims = sample_claims();
        assert_eq!(claims.len(), 11);
        for claim in &claims {
            let quote = claim.quote.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&quote), "quote not found verbatim in the sources: {quote}");
        }
    }
}
