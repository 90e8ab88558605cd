//! Grouping indicators for the solver: components of the links that can bind (a practice that
//! could climb past its policy's lowest level + 1), and the policy-level combinations inside
//! a component.

use super::model::{Block, Item, MAX_ASSIGNMENTS};

/// Groups the indicators into blocks: components of links that can bind, then single
/// indicators. `Err` names a component with too many policy-level combinations.
pub(super) fn blocks(items: &[Item], order: &[usize]) -> Result<Vec<Block>, Vec<u16>> {
    let n = items.len();
    let open = |i: usize| items[i].hi > items[i].base;
    // A link binds when the practice could climb past its policy's lowest level + 1.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut is_policy = vec![false; n];
    let mut bound = vec![false; n];
    for p in 0..n {
        for &q in &items[p].policies {
            if open(p) && open(q) && items[q].base + 1 < items[p].hi {
                is_policy[q] = true;
                bound[p] = true;
                let (a, b) = (find(&mut parent, p), find(&mut parent, q));
                parent[a] = b;
            }
        }
    }
    let position: Vec<usize> = {
        let mut pos = vec![0; n];
        for (k, &i) in order.iter().enumerate() {
            pos[i] = k;
        }
        pos
    };
    let mut components: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..n {
        if !(is_policy[i] || bound[i]) {
            continue;
        }
        let root = find(&mut parent, i);
        match components.iter_mut().find(|(r, _)| *r == root) {
            Some((_, members)) => members.push(i),
            None => components.push((root, vec![i])),
        }
    }
    let mut blocks = Vec::new();
    for (_, members) in components {
        let mut policies: Vec<usize> = members.iter().copied().filter(|i| is_policy[*i]).collect();
        policies.sort_by_key(|i| position[*i]);
        let practices: Vec<usize> = members.iter().copied().filter(|i| !is_policy[*i]).collect();
        let combos = policies
            .iter()
            .try_fold(1usize, |acc, q| acc.checked_mul(items[*q].options()));
        if combos.is_none_or(|c| c > MAX_ASSIGNMENTS) {
            return Err(members.iter().map(|i| items[*i].number).collect());
        }
        let bounds = practices
            .iter()
            .map(|p| binding(items, &policies, *p))
            .collect();
        blocks.push(Block::Component {
            policies,
            practices,
            bounds,
        });
    }
    for i in 0..n {
        if open(i) && !is_policy[i] && !bound[i] {
            blocks.push(Block::Single(i));
        }
    }
    Ok(blocks)
}

/// The positions in `policies` of the policies whose link binds indicator `p`.
pub(super) fn binding(items: &[Item], policies: &[usize], p: usize) -> Vec<usize> {
    policies
        .iter()
        .enumerate()
        .filter(|(_, q)| items[p].policies.contains(q) && items[**q].base + 1 < items[p].hi)
        .map(|(k, _)| k)
        .collect()
}

/// The highest option of `item` when the policies that bind it end at `levels`.
pub(super) fn limit(item: &Item, levels: impl Iterator<Item = u32>) -> usize {
    let cap = levels.map(|l| l + 1).min().unwrap_or(item.hi);
    (item.base.max(item.hi.min(cap)) - item.base) as usize
}

/// Every combination of the policies' levels of a component that respects links among the
/// policies themselves (a policy may also be a practice of another one).
pub(super) fn assignments(items: &[Item], policies: &[usize]) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut options = vec![0usize; policies.len()];
    let bounds: Vec<Vec<usize>> = policies
        .iter()
        .map(|q| binding(items, policies, *q))
        .collect();
    loop {
        let levels: Vec<u32> = policies
            .iter()
            .zip(&options)
            .map(|(q, o)| items[*q].base + *o as u32)
            .collect();
        let valid = policies
            .iter()
            .enumerate()
            .all(|(k, q)| options[k] <= limit(&items[*q], bounds[k].iter().map(|r| levels[*r])));
        if valid {
            out.push(levels);
        }
        // Next combination (mixed radix, last policy fastest).
        let mut k = policies.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            options[k] += 1;
            if options[k] < items[policies[k]].options() {
                break;
            }
            options[k] = 0;
        }
    }
}
