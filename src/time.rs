//! Conference days, time zones and "now" as an injected value.
//!
//! Only `main.rs` and `tui.rs` read the system clock; everything else takes `now` as an argument
//! so that `--now` and the tests can put hallway at any moment.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// The conference day an instant belongs to: its local date in `zone`, where wall-clock times
/// before `day_change` count as the evening before. Working on the wall clock keeps a DST change
/// night from moving sessions across days.
pub fn conference_day(start: DateTime<FixedOffset>, zone: Tz, day_change: NaiveTime) -> NaiveDate {
    let local = start.with_timezone(&zone).naive_local();
    let shift = day_change - NaiveTime::MIN;
    (local - shift).date()
}

/// Whole minutes from `from` to `to`, a started minute counting as one: at 11:26:30 a
/// session at 11:30 starts "in 4 min", as a departure board says it. Never negative.
pub fn minutes_until(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let seconds = (to - from).num_seconds().max(0);
    (seconds + 59) / 60
}

/// Resolves a wall-clock time in `zone` to an instant, deterministically: in a DST gap the
/// clock is moved forward by the gap's length (02:30 becomes 03:30), in an overlap the earlier
/// of the two instants is taken.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> DateTime<Tz> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(earlier, _) => earlier,
        LocalResult::None => {
            // Read the wall clock with the offset in force just before the gap. No gap in the
            // tz database is longer than a day.
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe -= chrono::Duration::minutes(1);
                if let Some(before) = zone.from_local_datetime(&probe).latest() {
                    let offset = chrono::Duration::seconds(i64::from(
                        before.offset().fix().local_minus_utc(),
                    ));
                    return Utc
                        .from_utc_datetime(&(local - offset))
                        .with_timezone(&zone);
                }
            }
            Utc.from_utc_datetime(&local).with_timezone(&zone)
        }
    }
}

/// Parses a `--now` value: a conference-local wall-clock time (`2024-03-20T10:30`, seconds
/// optional, a space instead of `T` accepted) or a full RFC 3339 instant with offset.
pub fn parse_now(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.to_utc());
    }
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(resolve_local(local, zone).to_utc());
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(resolve_local(date.and_time(NaiveTime::MIN), zone).to_utc());
    }
    Err(format!(
        "'{text}' is not a time: expected YYYY-MM-DDTHH:MM (conference-local) or RFC 3339"
    ))
}

/// Parses an IANA zone name (`Europe/Paris`, legacy aliases such as `US/Eastern` included).
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    let trimmed = name.trim();
    // Exactly, else forgiving letter case ("asia/tokyo").
    let insensitive = || {
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|zone| zone.name().eq_ignore_ascii_case(trimmed))
            .copied()
    };
    trimmed.parse::<Tz>().ok().or_else(insensitive).ok_or_else(|| {
        format!(
            "'{name}' is not an IANA time zone name (for example Europe/Paris or America/New_York)"
        )
    })
}

/// The system's own zone, read from the operating system (TZ, /etc/localtime).
pub fn system_zone() -> Result<Tz, String> {
    // TZ first, as the C library does: `TZ=Asia/Tokyo hallway --local` shows Tokyo's times.
    if let Some(tz) = std::env::var("TZ").ok().filter(|tz| !tz.is_empty()) {
        return zone_from_tz(&tz);
    }
    let name = iana_time_zone::get_timezone()
        .map_err(|e| format!("cannot tell the system's time zone: {e}"))?;
    parse_zone(&name)
}

/// The zone a `TZ` value names: an IANA name, with or without the leading ':' of POSIX
/// (`:Europe/Paris`), or a path into the zoneinfo database (`/usr/share/zoneinfo/Asia/Tokyo`).
/// A POSIX rule such as `CET-1CEST` is not a zone hallway can show by name: an error.
fn zone_from_tz(tz: &str) -> Result<Tz, String> {
    let name = tz.strip_prefix(':').unwrap_or(tz);
    let name = name
        .split_once("zoneinfo/")
        .map_or(name, |(_, after)| after);
    parse_zone(name).map_err(|e| format!("TZ={}: {e}", crate::text::quote(tz)))
}

/// How a zone is named to the user: its IANA name, except for the fixed offsets a schedule
/// without a zone gets, whose `Etc/GMT-1` reads backwards: those are `UTC+01:00`.
pub fn zone_label(zone: Tz) -> String {
    let name = zone.name();
    let Some(hours) = name.strip_prefix("Etc/GMT").filter(|h| !h.is_empty()) else {
        return name.to_string();
    };
    match hours.parse::<i32>() {
        // The POSIX sign: Etc/GMT-1 is one hour east of UTC.
        Ok(0) => "UTC".to_string(),
        Ok(h) if h < 0 => format!("UTC+{:02}:00", -h),
        Ok(h) => format!("UTC-{h:02}:00"),
        Err(_) => name.to_string(),
    }
}

/// The zone abbreviation at an instant (`CET`, `CEST`, `EDT`), for headers and time ranges.
pub fn zone_abbreviation(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::Paris};

    #[test]
    fn fixed_offsets_are_labelled_as_utc_offsets() {
        assert_eq!(zone_label(chrono_tz::Etc::GMTMinus1), "UTC+01:00");
        assert_eq!(zone_label(chrono_tz::Etc::GMTPlus5), "UTC-05:00");
        assert_eq!(zone_label(chrono_tz::Etc::GMTMinus14), "UTC+14:00");
        assert_eq!(zone_label(chrono_tz::Etc::GMT), "Etc/GMT");
        assert_eq!(zone_label(Paris), "Europe/Paris");
    }

    #[test]
    fn tz_values_name_zones() {
        assert_eq!(zone_from_tz("Asia/Tokyo"), Ok(chrono_tz::Asia::Tokyo));
        assert_eq!(zone_from_tz(":Europe/Paris"), Ok(Paris));
        assert_eq!(
            zone_from_tz("/usr/share/zoneinfo/America/New_York"),
            Ok(New_York)
        );
        let bad = zone_from_tz("Mars/Base").unwrap_err();
        assert!(bad.starts_with("TZ=Mars/Base: "), "{bad}");
    }

    fn nt(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn after_midnight_stays_on_the_evening_before() {
        let t = DateTime::parse_from_rfc3339("2024-03-21T00:30:00+01:00").unwrap();
        assert_eq!(conference_day(t, Paris, nt(4, 0)), date(2024, 3, 20));
        let t = DateTime::parse_from_rfc3339("2024-03-21T04:00:00+01:00").unwrap();
        assert_eq!(conference_day(t, Paris, nt(4, 0)), date(2024, 3, 21));
        // A source in UTC still lands on the conference-local day.
        let t = DateTime::parse_from_rfc3339("2024-03-20T23:45:00+00:00").unwrap();
        assert_eq!(conference_day(t, Paris, nt(4, 0)), date(2024, 3, 20));
        // FOSDEM's 09:00 day change.
        let t = DateTime::parse_from_rfc3339("2025-02-02T08:30:00+01:00").unwrap();
        assert_eq!(
            conference_day(t, chrono_tz::Europe::Brussels, nt(9, 0)),
            date(2025, 2, 1)
        );
    }

    #[test]
    fn dst_change_nights_keep_their_days() {
        // Paris springs forward at 02:00 on 31 March 2024: 01:30 CET and 03:30 CEST are
        // both before 04:00 on the wall clock and belong to the 30th.
        let before = DateTime::parse_from_rfc3339("2024-03-31T01:30:00+01:00").unwrap();
        let after = DateTime::parse_from_rfc3339("2024-03-31T03:30:00+02:00").unwrap();
        assert_eq!(conference_day(before, Paris, nt(4, 0)), date(2024, 3, 30));
        assert_eq!(conference_day(after, Paris, nt(4, 0)), date(2024, 3, 30));
        let morning = DateTime::parse_from_rfc3339("2024-03-31T04:00:00+02:00").unwrap();
        assert_eq!(conference_day(morning, Paris, nt(4, 0)), date(2024, 3, 31));
        // New York falls back on 3 November 2024: 01:30 happens twice, both the 2nd.
        let first = DateTime::parse_from_rfc3339("2024-11-03T01:30:00-04:00").unwrap();
        let second = DateTime::parse_from_rfc3339("2024-11-03T01:30:00-05:00").unwrap();
        assert_eq!(conference_day(first, New_York, nt(4, 0)), date(2024, 11, 2));
        assert_eq!(
            conference_day(second, New_York, nt(4, 0)),
            date(2024, 11, 2)
        );
    }

    #[test]
    fn resolve_local_is_deterministic_in_gaps_and_overlaps() {
        let gap = NaiveDateTime::parse_from_str("2024-03-31T02:30", "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            resolve_local(gap, Paris).to_rfc3339(),
            "2024-03-31T03:30:00+02:00"
        );
        let overlap = NaiveDateTime::parse_from_str("2024-10-27T02:30", "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            resolve_local(overlap, Paris).to_rfc3339(),
            "2024-10-27T02:30:00+02:00"
        );
    }

    #[test]
    fn now_is_conference_local_or_rfc3339() {
        let now = parse_now("2024-03-20T10:30", Paris).unwrap();
        assert_eq!(now.to_rfc3339(), "2024-03-20T09:30:00+00:00");
        let now = parse_now("2024-03-20 10:30:15", Paris).unwrap();
        assert_eq!(now.to_rfc3339(), "2024-03-20T09:30:15+00:00");
        let now = parse_now("2024-03-20T10:30:00Z", Paris).unwrap();
        assert_eq!(now.to_rfc3339(), "2024-03-20T10:30:00+00:00");
        let err = parse_now("tomorrow", Paris).unwrap_err();
        assert!(err.contains("'tomorrow'"), "{err}");
    }

    #[test]
    fn zones_parse_with_legacy_aliases_and_name_the_bad_one() {
        assert_eq!(parse_zone("US/Eastern").unwrap().name(), "US/Eastern");
        assert_eq!(parse_zone("asia/tokyo").unwrap().name(), "Asia/Tokyo");
        assert!(
            parse_zone("Mars/Olympus")
                .unwrap_err()
                .contains("'Mars/Olympus'")
        );
    }
}
