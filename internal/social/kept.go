package social

import (
	"sync"
	"sync/atomic"
)

// kept is a map that every worker reads for every unit and that is
// written seldom (a glyph, a piece seen for the first time): reads take
// no lock, which two cores reading at once would pass back and forth.
// New entries wait in a small map under a lock and are published in a
// new copy of the whole once they are a quarter of it, so that copying
// costs a few entries a write.
type kept[K comparable, V any] struct {
	pub     atomic.Pointer[map[K]V]
	mu      sync.Mutex
	pending map[K]V
	n       int // entries, published or pending
}

func (m *kept[K, V]) get(k K) (V, bool) {
	if p := m.pub.Load(); p != nil {
		if v, ok := (*p)[k]; ok {
			return v, true
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.pending[k]; ok {
		return v, true
	}
	// Published since it was looked for above.
	if p := m.pub.Load(); p != nil {
		if v, ok := (*p)[k]; ok {
			return v, true
		}
	}
	var none V
	return none, false
}

// put keeps v for k unless an entry for k is kept already, or limit
// entries are; it returns the value kept for k, and whether one is.
func (m *kept[K, V]) put(k K, v V, limit int) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pub := m.pub.Load()
	if pub != nil {
		if old, ok := (*pub)[k]; ok {
			return old, true
		}
	}
	if old, ok := m.pending[k]; ok {
		return old, true
	}
	if m.n >= limit {
		return v, false
	}
	if m.pending == nil {
		m.pending = map[K]V{}
	}
	m.pending[k] = v
	m.n++
	published := 0
	if pub != nil {
		published = len(*pub)
	}
	if len(m.pending) >= published/4+16 {
		next := make(map[K]V, published+len(m.pending))
		if pub != nil {
			for k, v := range *pub {
				next[k] = v
			}
		}
		for k, v := range m.pending {
			next[k] = v
		}
		m.pub.Store(&next)
		m.pending = nil
	}
	return v, true
}

// len returns how many entries are kept.
func (m *kept[K, V]) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}
