//! The saved PDF put in one canonical form: printpdf keeps some resources (graphics states, among others) in hash
//! maps, so two runs number the same objects differently and list a dictionary's keys in another order. Here every
//! object is renumbered in the order a walk from the trailer first reaches it (keys in byte order, arrays in
//! order), and every dictionary's keys are sorted, so the same report is the same bytes.

use printpdf::lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

fn sorted(dict: &Dictionary) -> Vec<(&Vec<u8>, &Object)> {
    let mut entries: Vec<(&Vec<u8>, &Object)> = dict.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Each object reachable from `start`, in the order first reached.
fn walk(doc: &Document, start: &Object, order: &mut BTreeMap<ObjectId, u32>, queue: &mut Vec<ObjectId>) {
    match start {
        Object::Reference(id) if !order.contains_key(id) && doc.objects.contains_key(id) => {
            let next = order.len() as u32 + 1;
            order.insert(*id, next);
            queue.push(*id);
        }
        Object::Array(items) => items.iter().for_each(|o| walk(doc, o, order, queue)),
        Object::Dictionary(d) => sorted(d).into_iter().for_each(|(_, o)| walk(doc, o, order, queue)),
        Object::Stream(s) => sorted(&s.dict).into_iter().for_each(|(_, o)| walk(doc, o, order, queue)),
        _ => {}
    }
}

fn rewrite(object: &Object, order: &BTreeMap<ObjectId, u32>) -> Object {
    let dict = |d: &Dictionary| {
        let mut out = Dictionary::new();
        for (k, v) in sorted(d) {
            out.set(k.clone(), rewrite(v, order));
        }
        out
    };
    match object {
        Object::Reference(id) => Object::Reference(order.get(id).map_or(*id, |n| (*n, 0))),
        Object::Array(items) => Object::Array(items.iter().map(|o| rewrite(o, order)).collect()),
        Object::Dictionary(d) => Object::Dictionary(dict(d)),
        Object::Stream(s) => {
            let mut s = s.clone();
            s.dict = dict(&s.dict);
            Object::Stream(s)
        }
        other => other.clone(),
    }
}

/// Renumbers and sorts `doc` in place; objects nothing reaches are dropped.
pub fn canonicalise(doc: &mut Document) {
    let mut order = BTreeMap::new();
    let mut queue = Vec::new();
    let trailer = Object::Dictionary(doc.trailer.clone());
    walk(doc, &trailer, &mut order, &mut queue);
    let mut i = 0;
    while let Some(id) = queue.get(i).copied() {
        if let Some(object) = doc.objects.get(&id) {
            walk(doc, object, &mut order, &mut queue);
        }
        i += 1;
    }
    let objects =
        queue.iter().filter_map(|id| Some(((*order.get(id)?, 0), rewrite(doc.objects.get(id)?, &order)))).collect();
    doc.objects = objects;
    doc.max_id = order.len() as u32;
    if let Object::Dictionary(t) = rewrite(&trailer, &order) {
        doc.trailer = t;
    }
}
