//! `hallway search`: the sessions matching a fuzzy query, best first.

use super::list::{session_json, session_line};
use super::{Context, FilterArgs, passes, print};
use crate::filter::Filter;
use crate::model::Schedule;
use chrono_tz::Tz;
use color_eyre::eyre::Result;
use serde_json::json;

/// The arguments of `hallway search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words of a title or a speaker's name; @word for speakers only, #word for tracks.
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// One JSON object per line: the fields of `list --json` plus the score.
    #[arg(long)]
    json: bool,
    /// At most this many results.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    limit: Option<usize>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// `--limit`: a whole number of one or more.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("0 results would show nothing: give 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("not a whole number".to_string()),
    }
}

/// Prints the hits that pass the filter; when there are none, says so and exits with status 1.
pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The JSON objects hold the abstracts, which a library copy's cache leaves unread.
    if args.json {
        cx.read_all_abstracts()?;
    }
    let filter = args.filter.filter(cx)?;
    let query = args.query.join(" ");
    let (text, hits) = search_passing(
        &cx.schedule,
        &filter,
        cx.zone,
        &query,
        args.limit,
        args.json,
    );
    print(&text)?;
    if hits == 0 {
        let quoted = crate::text::quote(&query);
        return Err(super::usage::NothingFound(if filter.is_empty() {
            format!("no session matches '{quoted}'")
        } else {
            let among = filter.describe(&crate::filter::FacetIndex::new(&cx.schedule));
            let among = crate::text::visible(&among);
            format!("no session matches '{quoted}' with the filter {among}")
        })
        .into());
    }
    Ok(())
}

/// The ranked hits of a query (`hallway search`): lines of text, or one JSON object per line
/// with the fields of `list --json` plus the score. Returns the text and the number of hits.
pub fn search(
    schedule: &Schedule,
    zone: Tz,
    query: &str,
    limit: Option<usize>,
    as_json: bool,
) -> (String, usize) {
    search_passing(schedule, &Filter::default(), zone, query, limit, as_json)
}

/// The ranked hits of a query among the sessions passing the filter (`hallway search
/// --track …`), as `search` prints them; `limit` counts the hits that pass.
pub fn search_passing(
    schedule: &Schedule,
    filter: &Filter,
    zone: Tz,
    query: &str,
    limit: Option<usize>,
    as_json: bool,
) -> (String, usize) {
    let index = crate::search::SearchIndex::new(schedule);
    let hits = if filter.is_empty() {
        index.rank(query, limit)
    } else {
        let mut hits = index.rank(query, None);
        hits.retain(|hit| passes(filter, schedule, &schedule.sessions[hit.session]));
        hits.truncate(limit.unwrap_or(usize::MAX));
        hits
    };
    let mut out = String::new();
    for hit in &hits {
        let session = &schedule.sessions[hit.session];
        if as_json {
            let mut object = session_json(schedule, session, zone);
            object["score"] = json!(hit.score);
            out.push_str(&object.to_string());
        } else {
            out.push_str(&session_line(session, zone));
        }
        out.push('\n');
    }
    (out, hits.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tests::bundled;
    use serde_json::Value;

    #[test]
    fn search_ranks_and_counts() {
        let schedule = bundled();
        let zone = schedule.conference.time_zone;
        let (text, hits) = search(&schedule, zone, "istio", None, false);
        assert_eq!(hits, 3, "{text}");
        assert!(
            text.starts_with("Tue 19 Mar 16:25        Istio and DNS — Costin Manolache\n"),
            "{text}"
        );
        let (text, hits) = search(&schedule, zone, "manolahce", Some(1), true);
        assert_eq!(hits, 1);
        let object: Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(object["id"], "istio-day-istio-and-dns");
        assert!(object["score"].as_i64().unwrap() > 0);
        assert_eq!(
            search(&schedule, zone, "zzzzqqq", None, false),
            (String::new(), 0)
        );
    }

    #[test]
    fn capitals_find_what_lower_case_finds() {
        let schedule = bundled();
        let zone = schedule.conference.time_zone;
        for (lower, upper) in [
            ("istio", "ISTIO"),
            ("manolache", "MANOLACHE"),
            ("dns", "Dns"),
        ] {
            let (text, hits) = search(&schedule, zone, lower, None, true);
            assert!(hits > 0, "{lower}");
            assert_eq!(search(&schedule, zone, upper, None, true), (text, hits));
        }
    }
}
