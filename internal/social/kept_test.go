package social

import (
	"sync"
	"testing"
)

// Workers putting and getting at once each find every entry put, the
// first value put for a key, and nothing past the limit.
func TestKept(t *testing.T) {
	var m kept[int, int]
	const workers, keys, limit = 4, 3000, 2500
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				v, ok := m.put(k, k*10+w, limit)
				if got, found := m.get(k); ok && (!found || got != v) {
					t.Errorf("key %d: put kept %d, get finds %d, %v", k, v, got, found)
					return
				}
			}
		}()
	}
	wg.Wait()
	if m.len() != limit {
		t.Errorf("%d entries kept; want the limit, %d", m.len(), limit)
	}
	found := 0
	for k := range keys {
		if v, ok := m.get(k); ok {
			found++
			if v/10 != k {
				t.Errorf("key %d: %d", k, v)
			}
		}
	}
	if found != limit {
		t.Errorf("%d keys found; want %d", found, limit)
	}
}
