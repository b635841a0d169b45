//! Serde helper: an id-keyed `BTreeMap` is written as a plain list of its items (in id order) and read
//! back into the map, refusing duplicate ids. The file stays readable and each id appears once.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::marker::PhantomData;

/// Something stored in a map under its own id.
pub trait Keyed {
    type Key: Ord + Clone + Display;
    fn key(&self) -> &Self::Key;
}

pub fn serialize<S, T>(map: &BTreeMap<T::Key, T>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Keyed + Serialize,
{
    serializer.collect_seq(map.values())
}

pub fn deserialize<'de, D, T>(deserializer: D) -> Result<BTreeMap<T::Key, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Keyed + Deserialize<'de>,
{
    struct SeqVisitor<T>(PhantomData<T>);

    impl<'de, T: Keyed + Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
        type Value = BTreeMap<T::Key, T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of items with unique ids")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut map = BTreeMap::new();
            while let Some(item) = seq.next_element::<T>()? {
                let key = item.key().clone();
                if map.insert(key.clone(), item).is_some() {
                    return Err(serde::de::Error::custom(format!("id {key} appears more than once")));
                }
            }
            Ok(map)
        }
    }

    deserializer.deserialize_seq(SeqVisitor(PhantomData))
}
