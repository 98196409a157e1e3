//! Event ids to positions, keyed by a 64-bit hash of the id.
//!
//! A table of millions of string keys is rehashed as it grows, and each rehash reads every key
//! again from wherever it sits in memory; eight-byte keys stay inside the table. Two different
//! ids with the same hash (for a million ids, about one chance in 10^7) go to a second,
//! string-keyed table, so a collision costs time, never correctness.

use crate::hash::FastMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// Where each event id was first seen.
#[derive(Default)]
pub struct EventIds {
    hasher: ahash::RandomState,
    by_hash: FastMap<u64, usize>,
    collided: FastMap<Arc<str>, usize>,
}

impl EventIds {
    /// The position of `id`; `id_at` gives the id stored at a position.
    pub fn get<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        match self.by_hash.get(&hash) {
            Some(&k) if id_at(k) == id => Some(k),
            Some(_) => self.collided.get(id).copied(),
            None => None,
        }
    }

    /// The position of `id` if it was seen before; otherwise notes that it is at `next`. One
    /// probe of the table instead of a look-up and an insertion: a new event's id is the
    /// common case, and the table of a large file does not fit in a cache.
    pub fn get_or_insert<'a>(
        &mut self,
        id: &Arc<str>,
        next: usize,
        id_at: impl Fn(usize) -> &'a str,
    ) -> Option<usize> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_survives_a_forced_collision() {
        let stored: Vec<Arc<str>> = vec!["a".into(), "b".into(), "c".into()];
        let mut ids = EventIds::default();
        let id_at = |k: usize| &*stored[k];
        assert_eq!(ids.get_or_insert(&stored[0], 0, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[1], 1, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[1], 5, id_at), Some(1));
        // Force "c" into the same hash slot as "a", as a real collision would.
        let hash_a = ids.hasher.hash_one("a");
        let hash_c = ids.hasher.hash_one("c");
        let at_a = ids.by_hash.remove(&hash_a).unwrap();
        ids.by_hash.insert(hash_c, at_a);
        assert_eq!(ids.get_or_insert(&stored[2], 2, id_at), None);
        assert_eq!(ids.get_or_insert(&stored[2], 7, id_at), Some(2));
        assert_eq!(ids.get("b", id_at), Some(1));
        assert_eq!(ids.get("c", id_at), Some(2));
        assert_eq!(ids.get("d", id_at), None);
    }
}
