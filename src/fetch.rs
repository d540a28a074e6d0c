//! Fetching a schedule over HTTP(S): one blocking GET with a time limit, a size limit and
//! conditional requests (ETag / Last-Modified), so that an update downloads nothing unchanged.

use crate::formats::MAX_FILE_BYTES;
use crate::text::quote;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ureq::http::StatusCode;

/// What a server said identifies the version it sent: sent back on the next request
/// (`If-None-Match`, `If-Modified-Since`) so that an unchanged schedule is not sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header, as the server wrote it (quotes and `W/` included).
    #[serde(default)]
    pub etag: Option<String>,
    /// The `Last-Modified` header, as the server wrote it (an HTTP date).
    #[serde(default)]
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to send back.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The answer to a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server answered 304 Not Modified to a conditional request: the copy the validators
    /// came from is still current.
    Unchanged,
    /// The body of a successful answer, with the validators to send next time.
    Body {
        /// The body as sent (at most `Limits::max_bytes`).
        bytes: Vec<u8>,
        /// What to send with the next request for the same URL.
        validators: Validators,
    },
}

/// How long and how much a fetch may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The whole exchange (connect, redirects, headers, body) must end within this.
    pub timeout: Duration,
    /// A larger body is refused (a schedule file is never near the default).
    pub max_bytes: u64,
}

impl Default for Limits {
    /// One minute, and the largest schedule file hallway reads (`formats::MAX_FILE_BYTES`).
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(60),
            max_bytes: MAX_FILE_BYTES,
        }
    }
}

/// Why a URL could not be fetched. Every message starts with the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Not an `http://` or `https://` URL, or not a URL ureq can use.
    #[error("{}: not a URL hallway can fetch ({reason})", quote(.url))]
    BadUrl { url: String, reason: String },
    /// The server answered, but not with the schedule.
    #[error("{}: the server answered {status}{}", quote(.url), reason_suffix(*.status))]
    Status { url: String, status: u16 },
    /// The body is larger than `Limits::max_bytes`.
    #[error("{}: the answer is larger than {limit} bytes, more than any schedule", quote(.url))]
    TooLarge { url: String, limit: u64 },
    /// The body is gzip-compressed and decompresses to more than `Limits::max_bytes` (a small
    /// answer that unpacks to gigabytes is refused as it unpacks).
    #[error("{}: the answer decompresses to more than {limit} bytes, more than any schedule", quote(.url))]
    TooLargeDecoded { url: String, limit: u64 },
    /// The body is compressed in a way hallway cannot undo.
    #[error("{}: the server sent the schedule compressed as '{}', which hallway cannot read (it asks for gzip or none)", quote(.url), quote(.encoding))]
    Encoding { url: String, encoding: String },
    /// The body says it is gzip-compressed but does not decompress.
    #[error("{}: the gzip-compressed answer is damaged ({cause})", quote(.url))]
    BadGzip { url: String, cause: String },
    /// The exchange took longer than `Limits::timeout`.
    #[error("{}: no complete answer within {} seconds", quote(.url), .timeout.as_secs_f32())]
    Timeout { url: String, timeout: Duration },
    /// The host could not be found, reached or spoken to (DNS, refused connection, TLS, a
    /// broken answer).
    #[error("{}: {cause}", quote(.url))]
    Transport { url: String, cause: String },
}

fn reason_suffix(status: u16) -> String {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or(String::new(), |reason| format!(" {reason}"))
}

/// Whether `source` is a URL to fetch rather than a file path (`http://` or `https://`, in any
/// letter case).
pub fn is_url(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url` with the default limits; with `validators`, asks for the body only if it
/// changed since (a 304 answer gives `Fetched::Unchanged`).
pub fn fetch(url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
    fetch_with(url, validators, Limits::default())
}

/// `fetch` with explicit limits.
///
/// Redirects are followed (up to 10); proxies named by `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`
/// are used unless `NO_PROXY` says otherwise. Gzip is asked for (`Accept-Encoding: gzip`) and
/// undone here, `max_bytes` applying to the compressed and to the decompressed bytes; a body
/// compressed any other way is refused, naming the encoding.
pub fn fetch_with(
    url: &str,
    validators: Option<&Validators>,
    limits: Limits,
) -> Result<Fetched, FetchError> {
    if !is_url(url) {
        return Err(FetchError::BadUrl {
            url: url.to_string(),
            reason: "it must start with http:// or https://".into(),
        });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        // Statuses are answers to report, not transport failures.
        .http_status_as_error(false)
        .user_agent(concat!("hallway/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(url).header("Accept-Encoding", "gzip");
    let conditional = validators.filter(|v| !v.is_empty());
    if let Some(v) = conditional {
        if let Some(etag) = &v.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &v.last_modified {
            request = request.header("If-Modified-Since", date);
        }
    }
    let mut response = request.call().map_err(|e| transport(url, limits, e))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED && conditional.is_some() {
        return Ok(Fetched::Unchanged);
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: status.as_u16(),
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let declared = header("content-length").and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_bytes) {
        return Err(FetchError::TooLarge {
            url: url.to_string(),
            limit: limits.max_bytes,
        });
    }
    let gzip_layers = gzip_layers(url, header("content-encoding").as_deref())?;
    let mut bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| transport(url, limits, e))?;
    for _ in 0..gzip_layers {
        bytes = gunzip(url, &bytes, limits.max_bytes)?;
    }
    Ok(Fetched::Body { bytes, validators })
}

/// How many times the body was gzip-compressed, from its `Content-Encoding` (a list, applied in
/// order: "gzip", "x-gzip", "identity" in any letter case); any other coding is an error naming
/// it.
fn gzip_layers(url: &str, content_encoding: Option<&str>) -> Result<usize, FetchError> {
    let mut layers = 0;
    for coding in content_encoding.unwrap_or("").split(',') {
        let coding = coding.trim();
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            layers += 1;
        } else if !coding.is_empty() && !coding.eq_ignore_ascii_case("identity") {
            return Err(FetchError::Encoding {
                url: url.to_string(),
                encoding: coding.to_string(),
            });
        }
    }
    Ok(layers)
}

/// Decompresses a gzip body (every member, as `gzip -d` does), reading at most one byte more
/// than `max_bytes` of output, so that a gzip bomb costs no more than the largest schedule.
fn gunzip(url: &str, compressed: &[u8], max_bytes: u64) -> Result<Vec<u8>, FetchError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(compressed)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| FetchError::BadGzip {
            url: url.to_string(),
            cause: e.to_string(),
        })?;
    if out.len() as u64 > max_bytes {
        return Err(FetchError::TooLargeDecoded {
            url: url.to_string(),
            limit: max_bytes,
        });
    }
    Ok(out)
}

/// Words a ureq failure for the user.
fn transport(url: &str, limits: Limits, error: ureq::Error) -> FetchError {
    let url = url.to_string();
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            timeout: limits.timeout,
        },
        ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge { url, limit },
        ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
        ureq::Error::Http(e) => FetchError::BadUrl {
            url,
            reason: e.to_string(),
        },
        ureq::Error::HostNotFound => FetchError::Transport {
            url,
            cause: "host not found".into(),
        },
        // Io errors arrive as "io: Connection refused (os error 111)": the prefix says nothing.
        ureq::Error::Io(e) => match e.kind() {
            std::io::ErrorKind::TimedOut => FetchError::Timeout {
                url,
                timeout: limits.timeout,
            },
            _ => FetchError::Transport {
                url,
                cause: e.to_string(),
            },
        },
        other => FetchError::Transport {
            url,
            cause: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://fosdem.org/2025/schedule/xml"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("schedule.xml"));
        assert!(!is_url("/tmp/http://x"));
        assert!(!is_url("ftp://example.org/a"));
        assert!(!is_url("htt"));
    }

    #[test]
    fn only_http_urls_are_fetched() {
        let e = fetch("ftp://example.org/a.xml", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ftp://example.org/a.xml: not a URL hallway can fetch (it must start with http:// or https://)"
        );
    }

    #[test]
    fn status_errors_name_the_reason() {
        let e = FetchError::Status {
            url: "http://x/".into(),
            status: 404,
        };
        assert_eq!(
            e.to_string(),
            "http://x/: the server answered 404 Not Found"
        );
        let e = FetchError::Status {
            url: "http://x/".into(),
            status: 599,
        };
        assert_eq!(e.to_string(), "http://x/: the server answered 599");
    }
}
