//! Sorting for rx's own lists: a stable merge sort of positions, written
//! once for every caller, then the items moved into that order.
//!
//! Why not `slice::sort_by_key`: std's stable sort (driftsort) is compiled
//! again, about 5 KB of code, for every element type and key it is called
//! with, and rx called it at fifteen places (`cargo bloat --release -n
//! 0`: 45 copies of `stable::quicksort` in the binary, with the crates').
//! Here only the small generic shims are copied; the merge sort is one
//! function, called through `&mut dyn FnMut`. The order is exactly std's:
//! a stable sort's result is fixed by the comparison alone (`tests`).
//! Tests still use std's sorts.
//!
//! With this and Atkinson Hyperlegible compressed the stripped release
//! binary went from 8,100,528 to 7,989,040 bytes; Atkinson's share is the
//! 34,575 bytes its files shrank, so about 77 KB is this. The lists are
//! short (a font's glyphs, a plan's diagnostics, a batch's patients): `rx
//! build` of the example runs the same instructions with a check for
//! lists already in order as without it (50.69M, callgrind), so it was
//! left out.

use std::cmp::Ordering;

/// `items` in ascending order, equal items kept in their order, as
/// `slice::sort` leaves them.
pub fn sort<T: Ord>(items: &mut [T]) {
    by(items, Ord::cmp);
}

/// `items` ordered by `key`, as `slice::sort_by_key` orders them.
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items` ordered by `compare`, as `slice::sort_by` orders them.
pub fn by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = positions(items.len(), &mut |a, b| {
        compare(&items[a], &items[b]) == Ordering::Less
    });
    permute(items, order);
}

/// The positions `0..n` in stably sorted order, `less(a, b)` saying
/// whether the item at `a` goes before the one at `b`: a bottom-up merge
/// sort that takes from the right run only when its item is strictly less.
fn positions(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                if right < end && (left == middle || less(order[right], order[left])) {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// `items` rearranged so that the item at `order[i]` comes to `i`, by
/// swaps along each cycle of the permutation.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let next = order[at];
            items.swap(at, next);
            order[at] = at;
            at = next;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    /// Lists of every length to 70 with few distinct keys (so many ties),
    /// each item remembering where it started: the same order as std's
    /// stable sort, ties included.
    #[test]
    fn orders_every_list_as_std_stable_sort_does() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in 0..70 {
            for distinct in [1, 3, 10, 1000] {
                let items: Vec<(u64, usize)> = (0..len).map(|i| (next() % distinct, i)).collect();
                let mut ours = items.clone();
                super::by_key(&mut ours, |&(key, _)| key);
                let mut std = items.clone();
                std.sort_by_key(|&(key, _)| key);
                assert_eq!(ours, std, "{len} items, {distinct} keys");

                let mut reversed = items.clone();
                super::by(&mut reversed, |a, b| b.0.cmp(&a.0));
                let mut std = items.clone();
                std.sort_by_key(|a| std::cmp::Reverse(a.0));
                assert_eq!(reversed, std);

                let mut whole = items.clone();
                super::sort(&mut whole);
                let mut std = items;
                std.sort();
                assert_eq!(whole, std);
            }
        }
    }
}
