//! Event ids to positions.
//!
//! Files usually list events in the order of their ids. An id greater than every id before it
//! cannot have been seen, so it is only noted at the end of a sorted list: no probe of a hash
//! table, whose size for a large file defeats the cache (one miss per event). The other ids go
//! to a table keyed by a 64-bit hash of the id: a table of millions of string keys is rehashed
//! as it grows, and each rehash reads every key again from wherever it sits in memory;
//! eight-byte keys stay inside the table. Two different ids with the same hash (for a million
//! ids, about one chance in 10^7) go to a second, string-keyed table, so a collision costs
//! time, never correctness.

use crate::hash::FastMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// Where each event id was first seen.
#[derive(Default)]
pub struct EventIds {
    /// Positions of the ids that each came after every id before them: in increasing order.
    ascending: Vec<usize>,
    hasher: ahash::RandomState,
    by_hash: FastMap<u64, usize>,
    collided: FastMap<Arc<str>, usize>,
}

impl EventIds {
    /// The position of `id`; `id_at` gives the id stored at a position.
    pub fn get<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        if self.after_all(id, &id_at) {
            return None;
        }
        if let Ok(i) = self.ascending.binary_search_by(|&k| id_at(k).cmp(id)) {
            return Some(self.ascending[i]);
        }
        let hash = self.hasher.hash_one(id);
        match self.by_hash.get(&hash) {
            Some(&k) if id_at(k) == id => Some(k),
            Some(_) => self.collided.get(id).copied(),
            None => None,
        }
    }

    /// The position of `id` if it was seen before; otherwise notes that it is at `next`.
    pub fn get_or_insert<'a>(
        &mut self,
        id: &Arc<str>,
        next: usize,
        id_at: impl Fn(usize) -> &'a str,
    ) -> Option<usize> {
        if self.after_all(id, &id_at) {
            self.ascending.push(next);
            return None;
        }
        if let Ok(i) = self.ascending.binary_search_by(|&k| id_at(k).cmp(id)) {
            return Some(self.ascending[i]);
        }
        // One probe for a look-up and an insertion.
        let hash = self.hasher.hash_one(&**id);
        match self.by_hash.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(next);
                None
            }
            Entry::Occupied(slot) if id_at(*slot.get()) == &**id => Some(*slot.get()),
            Entry::Occupied(_) => match self.collided.entry(id.clone()) {
                Entry::Occupied(known) => Some(*known.get()),
                Entry::Vacant(slot) => {
                    slot.insert(next);
                    None
                }
            },
        }
    }

    /// Whether `id` is greater than every id seen, so new; the last of `ascending` is the
    /// greatest, since every new greatest id is added there.
    fn after_all<'a>(&self, id: &str, id_at: &impl Fn(usize) -> &'a str) -> bool {
        self.ascending.last().is_none_or(|&k| id_at(k) < id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_order_need_no_table() {
        let stored: Vec<Arc<str>> = vec!["a".into(), "b".into(), "c".into()];
        let mut ids = EventIds::default();
        let id_at = |k: usize| &*stored[k];
        for (k, id) in stored.iter().enumerate() {
            assert_eq!(ids.get_or_insert(id, k, id_at), None);
        }
        assert!(ids.by_hash.is_empty());
        assert_eq!(ids.get_or_insert(&stored[1], 9, id_at), Some(1));
        assert_eq!(ids.get("a", id_at), Some(0));
        assert_eq!(ids.get("bb", id_at), None);
        assert_eq!(ids.get("d", id_at), None);
    }

    #[test]
    fn finds_ids_out_of_order_and_survives_a_forced_collision() {
        let stored: Vec<Arc<str>> = vec!["z".into(), "a".into(), "b".into(), "c".into()];
        let mut ids = EventIds::default();
        let id_at = |k: usize| &*stored[k];
        assert_eq!(ids.get_or_insert(&stored[0], 0, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[1], 1, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[2], 2, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[2], 5, id_at), Some(2));
        // Force "c" into the same hash slot as "a", as a real collision would.
        let hash_a = ids.hasher.hash_one("a");
        let hash_c = ids.hasher.hash_one("c");
        let at_a = ids.by_hash.remove(&hash_a).unwrap();
        ids.by_hash.insert(hash_c, at_a);
        assert_eq!(ids.get_or_insert(&stored[3], 3, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[3], 7, id_at), Some(3));
        assert_eq!(ids.get("b", id_at), Some(2));
        assert_eq!(ids.get("c", id_at), Some(3));
        assert_eq!(ids.get("z", id_at), Some(0));
        assert_eq!(ids.get("d", id_at), None);
    }
}
