//! Decoded frames kept for stepping backwards, bounded in bytes (a 4K frame costs 25x a 720p one, so a count
//! would be meaningless). Least recently used frames leave first.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Anything whose memory cost the cache can weigh.
pub trait Weighed {
    fn weight_bytes(&self) -> usize;
}

/// A least-recently-used map from frame index to a shared value, holding at most `capacity_bytes`.
pub struct FrameCache<T: Weighed> {
    capacity_bytes: usize,
    used_bytes: usize,
    clock: u64,
    entries: HashMap<usize, (Arc<T>, u64)>,
    by_age: BTreeMap<u64, usize>,
}

impl<T: Weighed> FrameCache<T> {
    pub fn new(capacity_bytes: usize) -> Self {
        FrameCache { capacity_bytes, used_bytes: 0, clock: 0, entries: HashMap::new(), by_age: BTreeMap::new() }
    }

    pub fn used_bytes(&self) -> usize {
        self.used_bytes
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, frame: usize) -> bool {
        self.entries.contains_key(&frame)
    }

    /// Returns the frame and marks it recently used.
    pub fn get(&mut self, frame: usize) -> Option<Arc<T>> {
        self.clock += 1;
        let now = self.clock;
        let (value, age) = self.entries.get_mut(&frame)?;
        self.by_age.remove(age);
        *age = now;
        self.by_age.insert(now, frame);
        Some(value.clone())
    }

    /// Inserts a frame, evicting the least recently used until it fits. A frame larger than the whole cache is
    /// not kept.
    pub fn insert(&mut self, frame: usize, value: Arc<T>) {
        let weight = value.weight_bytes();
        if weight > self.capacity_bytes {
            return;
        }
        self.remove(frame);
        while self.used_bytes + weight > self.capacity_bytes {
            let Some((&age, &oldest)) = self.by_age.iter().next() else { break };
            self.by_age.remove(&age);
            if let Some((v, _)) = self.entries.remove(&oldest) {
                self.used_bytes -= v.weight_bytes();
            }
        }
        self.clock += 1;
        self.by_age.insert(self.clock, frame);
        self.entries.insert(frame, (value, self.clock));
        self.used_bytes += weight;
    }

    pub fn remove(&mut self, frame: usize) {
        if let Some((v, age)) = self.entries.remove(&frame) {
            self.by_age.remove(&age);
            self.used_bytes -= v.weight_bytes();
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_age.clear();
        self.used_bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Blob(usize);
    impl Weighed for Blob {
        fn weight_bytes(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn evicts_least_recently_used_by_bytes() {
        let mut c = FrameCache::new(100);
        c.insert(1, Arc::new(Blob(40)));
        c.insert(2, Arc::new(Blob(40)));
        assert!(c.get(1).is_some()); // 2 is now the oldest
        c.insert(3, Arc::new(Blob(40)));
        assert!(c.contains(1) && c.contains(3) && !c.contains(2));
        assert_eq!(c.used_bytes(), 80);
        c.insert(4, Arc::new(Blob(1000))); // larger than the cache: not kept, nothing evicted
        assert_eq!(c.len(), 2);
        c.insert(3, Arc::new(Blob(10))); // replacing re-weighs
        assert_eq!(c.used_bytes(), 50);
    }
}
