//! Visibility across instances: a change made through one instance, and the first answer of
//! another instance that shows it. Each sample renames a user through one server (`PATCH
//! /api/v1/users/{id}` as the superadmin) and then reads `GET /api/v1/me` as that user on the
//! other server (a signed-in lookup answered from its read cache) until the new name appears;
//! the samples alternate which server writes. With one server both are the same.

use anyhow::anyhow;
use serde_json::json;

use super::*;

/// How long one sample waits for the other instance to show the change (then it is an error).
const GIVE_UP: Duration = Duration::from_secs(5);

/// What the samples measured, besides the main latencies (acknowledgement to visible).
#[derive(Debug, Default)]
struct Samples {
    /// The renames' own latencies.
    writes: Recorder,
    /// From sending the rename to the other server's first answer showing it.
    sent_to_visible: Recorder,
    /// Reads of the other server per sample, the most.
    polls_max: u64,
    /// Samples whose first read after the acknowledgement still showed the old name.
    stale: u64,
}

pub(super) async fn visibility(
    client: &Client,
    world: &World,
    plan: &Plan,
    errors: &Errors,
) -> Result<(Recorder, Window, Extra)> {
    let servers = client.servers();
    let admin = crate::seed::superadmin(client).await?;
    let inst = world
        .instansi
        .first()
        .ok_or_else(|| anyhow!("no instansi was seeded"))?;
    let username = format!("sinkron.{}", next_seq());
    let reply = client
        .post_json(
            "/api/v1/users",
            &admin,
            json!({
                "username": username, "password": crate::seed::PASSWORD, "role": "pimpinan",
                "instansi": inst.id, "opd": null, "name": "Pengguna Sinkron",
            }),
        )
        .await?
        .expect("the user whose name changes")?;
    let id = reply.json()?["id"]
        .as_i64()
        .ok_or_else(|| anyhow!("no id for {username}"))?;
    // the session works on every server (it is a row), signed in once
    let watcher = client
        .login_cookie(&username, crate::seed::PASSWORD)
        .await?;

    let window = Window::new(plan.warmup, plan.measure);
    let mut visible = Recorder::default();
    let mut s = Samples::default();
    let mut k = 0usize;
    while window.open() {
        let writer = client.only(k);
        let reader = client.only(k + 1);
        k += 1;
        let name = format!("Pengguna Sinkron {}", next_seq());
        let sent = Instant::now();
        let counts = window.counts(sent);
        let written = writer
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{id}"),
                &admin,
                Body::Json(json!({ "name": name })),
            )
            .await;
        let acked = Instant::now();
        match written {
            Ok(reply) if reply.status.is_success() => {
                if counts {
                    s.writes.ok(reply.elapsed, false);
                }
            }
            Ok(reply) => {
                if counts {
                    visible.error(sent.elapsed());
                }
                let body: String = String::from_utf8_lossy(&reply.body)
                    .chars()
                    .take(300)
                    .collect();
                errors.keep(format!("rename: {} {body}", reply.status));
                continue;
            }
            Err(e) => {
                if counts {
                    visible.error(sent.elapsed());
                }
                errors.keep(format!("rename: {e:#}"));
                continue;
            }
        }
        let mut polls = 0u64;
        let outcome = loop {
            polls += 1;
            match reader.get("/api/v1/me", &watcher).await {
                Ok(reply) if reply.status.is_success() => {
                    if reply
                        .json()
                        .ok()
                        .is_some_and(|j| j["name"] == name.as_str())
                    {
                        break Ok(());
                    }
                }
                Ok(reply) => break Err(format!("/api/v1/me: {}", reply.status)),
                Err(e) => break Err(format!("/api/v1/me: {e:#}")),
            }
            if acked.elapsed() > GIVE_UP {
                break Err(format!(
                    "the other server still showed the old name {} s after the rename",
                    GIVE_UP.as_secs()
                ));
            }
        };
        if !counts {
            continue;
        }
        match outcome {
            Ok(()) => {
                visible.ok(acked.elapsed(), false);
                s.sent_to_visible.ok(sent.elapsed(), false);
                s.polls_max = s.polls_max.max(polls);
                if polls > 1 {
                    s.stale += 1;
                }
            }
            Err(what) => {
                visible.error(acked.elapsed());
                errors.keep(what);
            }
        }
    }
    let measured = window.measured();
    let ms = |r: &Recorder, p: fn(&crate::stats::Summary) -> f64| {
        let summary = r.clone().summary(measured);
        (p(&summary) * 100.0).round() / 100.0
    };
    let samples = visible.clone().summary(measured).requests;
    Ok((
        visible,
        window,
        extra([
            ("servers", servers.into()),
            ("samples", samples.into()),
            ("write_p50_ms", ms(&s.writes, |x| x.p50_ms).into()),
            ("write_p99_ms", ms(&s.writes, |x| x.p99_ms).into()),
            (
                "sent_to_visible_p50_ms",
                ms(&s.sent_to_visible, |x| x.p50_ms).into(),
            ),
            (
                "sent_to_visible_p99_ms",
                ms(&s.sent_to_visible, |x| x.p99_ms).into(),
            ),
            ("polls_max", s.polls_max.into()),
            ("stale_reads", s.stale.into()),
        ]),
    ))
}
