//! A capacity-aware bound for the branch and bound.
//!
//! The linear relaxation in which the indicators still to place may spend, per OPD, at most
//! what that OPD has left, and at most what is left of the budget; links are dropped. An
//! indicator's `j`-th step (from 0) cannot come before period `j / K + 1`, so for every period
//! `t` the steps that cannot come earlier than `t` must fit in what the OPD has left from `t`
//! on. Each indicator's options become the segments of the upper concave hull of its (effort,
//! gain) points (a segment counts from its first step). These nested limits on boxes form a
//! polymatroid, where taking segments in order of gain per person-day is exact. The bound is
//! computed in floating point and rounded outward (gain down, effort up), so it never cuts a
//! better plan.

use super::model::Model;

#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Position in the search order.
    pos: usize,
    slot: Option<usize>,
    /// The earliest period (1-based) its first step can be in.
    earliest: usize,
    gain: u64,
    cost: u64,
}

#[derive(Debug)]
pub(super) struct Relaxation {
    segments: Vec<Segment>,
}

/// Slack for floating-point sums of at most a few hundred integers below 2^32.
const SLACK: f64 = 1e-6;

impl Relaxation {
    pub fn new(model: &Model, order: &[usize]) -> Self {
        let mut segments = Vec::new();
        for (pos, &i) in order.iter().enumerate() {
            let item = &model.items[i];
            let point = |o: usize| (u64::from(item.costs[o]), u64::from(item.gains[o]));
            let mut at = 0;
            while at + 1 < item.options() {
                let (c0, g0) = point(at);
                // The steepest next point (the farthest among equals) keeps the hull concave.
                let mut next = at + 1;
                for o in at + 2..item.options() {
                    let (c, g) = point(o);
                    let (cn, gn) = point(next);
                    if u128::from(g - g0) * u128::from(cn - c0)
                        >= u128::from(gn - g0) * u128::from(c - c0)
                    {
                        next = o;
                    }
                }
                let (c, g) = point(next);
                segments.push(Segment {
                    pos,
                    slot: item.slot,
                    earliest: (at / model.per_period as usize + 1).min(model.periods as usize),
                    gain: g - g0,
                    cost: c - c0,
                });
                at = next;
            }
        }
        segments.sort_by(|a, b| {
            (u128::from(b.gain) * u128::from(a.cost))
                .cmp(&(u128::from(a.gain) * u128::from(b.cost)))
        });
        Relaxation { segments }
    }

    /// For the positions from `k` on, with `room[slot][s]` person-days left per OPD in period
    /// `s` and `budget` in all: the most gain they can bring, and the least effort that brings
    /// `needs[j]` more.
    pub fn bound(
        &self,
        k: usize,
        room: &[Vec<u64>],
        budget: u64,
        needs: [u64; 2],
    ) -> (u64, [u64; 2]) {
        // What each OPD has left from period t on, and has used on steps that cannot come
        // before period t (index t - 1).
        let mut from: Vec<Vec<f64>> = room
            .iter()
            .map(|per| {
                let mut acc = 0.0;
                let mut out: Vec<f64> = per
                    .iter()
                    .rev()
                    .map(|r| {
                        acc += *r as f64;
                        acc
                    })
                    .collect();
                out.reverse();
                out
            })
            .collect();
        let mut left = if budget == u64::MAX {
            f64::INFINITY
        } else {
            budget as f64
        };
        let (mut gain, mut cost) = (0.0f64, 0.0f64);
        let mut least = needs.map(|n| if n == 0 { 0 } else { u64::MAX });
        for s in self.segments.iter().filter(|s| s.pos >= k) {
            let mut take = (s.cost as f64).min(left);
            if let Some(slot) = s.slot {
                // Spending it uses room from every period t <= earliest on.
                for r in &from[slot][..s.earliest] {
                    take = take.min(*r);
                }
            }
            if take <= 0.0 {
                continue;
            }
            let rate = s.gain as f64 / s.cost as f64;
            for (n, l) in needs.iter().zip(&mut least) {
                let n = *n as f64;
                if *l == u64::MAX && gain + take * rate + SLACK >= n {
                    let at = cost + ((n - gain) / rate).max(0.0);
                    *l = (at - SLACK).ceil().max(0.0) as u64;
                }
            }
            gain += take * rate;
            cost += take;
            left -= take;
            if let Some(slot) = s.slot {
                for r in &mut from[slot][..s.earliest] {
                    *r -= take;
                }
            }
        }
        ((gain + SLACK).floor() as u64, least)
    }
}
