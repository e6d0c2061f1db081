package thai

import (
	"sync"
	"unicode"
)

// BreakKind says how good a place to end a line is.
type BreakKind uint8

const (
	// NoBreak: never here (inside a cluster, before a following vowel).
	NoBreak BreakKind = iota
	// Cluster: between two clusters of a word the dictionary does not know,
	// which may split a syllable: only when nothing else fits.
	Cluster
	// Word: between two words of Thai text that has no space.
	Word
	// Space: at a space, which the break swallows.
	Space
)

// Breaks returns, for each position 0..len(text), how good a place it is
// to break a line: position i is between text[i-1] and text[i]. Thai text
// is cut into words by the dictionary, preferring the cut with the fewest
// unknown characters and then the fewest words (maximal matching); a run of
// unknown characters, such as a place name missing from the dictionary,
// stays whole. Elsewhere lines break at spaces. The result is shared with
// other callers: read it, never change it.
func Breaks(text []rune) []BreakKind {
	k := string(text)
	recent.Lock()
	kinds, ok := recent.m[k]
	recent.Unlock()
	if ok {
		return kinds
	}
	kinds = breaks(text)
	recent.Lock()
	if len(recent.m) >= maxRecent || recent.m == nil {
		recent.m = make(map[string][]BreakKind, maxRecent)
	}
	recent.m[k] = kinds
	recent.Unlock()
	return kinds
}

// recent keeps the breaks of the texts seen last: a unit's name is set at
// several sizes while it is fitted, on its poster, its pictures and its
// print formats, one after the other.
var recent struct {
	sync.Mutex
	m map[string][]BreakKind
}

// maxRecent bounds the texts kept; past it, the kept are forgotten.
const maxRecent = 1024

func breaks(text []rune) []BreakKind {
	n := len(text)
	kinds := make([]BreakKind, n+1)
	for i := 1; i < n; i++ {
		if clusterBoundary(text, i) {
			kinds[i] = Cluster
		}
		switch {
		case text[i-1] == ' ' || text[i-1] == '\u00a0':
			if text[i-1] == ' ' && kinds[i] != NoBreak && !closing(text[i]) {
				kinds[i] = Space
			}
		case text[i] == ' ' || text[i] == '\u00a0':
			// Break after the space, not before it.
			kinds[i] = NoBreak
		case !IsThai(text[i-1]) && !IsThai(text[i]):
			// Latin, digits, punctuation: only at spaces, or after a slash
			// or hyphen in a long token.
			if text[i-1] != '/' && text[i-1] != '-' {
				kinds[i] = NoBreak
			}
		}
		if opening(text[i-1]) || closing(text[i]) || text[i-1] == '.' && text[i] != ' ' {
			kinds[i] = NoBreak
		}
	}
	for start := 0; start < n; {
		if !IsThai(text[start]) {
			start++
			continue
		}
		end := start
		for end < n && IsThai(text[end]) {
			end++
		}
		if end < n && text[end] == '.' {
			// An abbreviation (อบต. จ. พ.ศ.) is never cut.
			for i := start + 1; i < end; i++ {
				kinds[i] = NoBreak
			}
		} else {
			segmentThai(text, start, end, kinds)
		}
		if start > 0 && kinds[start] == Cluster {
			kinds[start] = Word // Thai next to Latin or digits
		}
		if end < n && kinds[end] == Cluster {
			kinds[end] = Word
		}
		start = end
	}
	return kinds
}

// clusterBoundary reports whether a line may start at text[i] without
// cutting a consonant from its marks, a leading vowel from its consonant,
// or a following vowel from its syllable.
func clusterBoundary(text []rune, i int) bool {
	r := text[i]
	if IsMark(r) || isFollowing(r) || unicode.Is(unicode.Mn, r) {
		return false
	}
	if IsLeadingVowel(text[i-1]) {
		return false
	}
	return true
}

func opening(r rune) bool {
	switch r {
	case '(', '[', '{', '"', '“', '‘', '\'':
		return true
	}
	return false
}

func closing(r rune) bool {
	switch r {
	case ')', ']', '}', ',', '.', ';', ':', '!', '?', '"', '”', '’', '\'', '%', 'ๆ', 'ฯ':
		return true
	}
	return false
}

// cost orders segmentations: fewer unknown characters first, then fewer words.
type cost struct{ unknown, words int }

func (a cost) less(b cost) bool {
	return a.unknown < b.unknown || (a.unknown == b.unknown && a.words < b.words)
}

// segmentThai marks the word boundaries of text[start:end], a run of Thai.
func segmentThai(text []rune, start, end int, kinds []BreakKind) {
	t := dictionary()
	n := end - start
	const inf = 1 << 30
	best := make([]cost, n+1)
	from := make([]int, n+1)   // where the best segment ending here starts
	known := make([]bool, n+1) // whether that segment is a dictionary word
	for i := 1; i <= n; i++ {
		best[i] = cost{inf, inf}
	}
	ok := func(i int) bool { // a segment may end or start at i
		return i == 0 || i == n || kinds[start+i] != NoBreak
	}
	for i := 0; i < n; i++ {
		if best[i].unknown == inf || !ok(i) {
			continue
		}
		t.words(text[start:end], i, func(j int) {
			if !ok(j) {
				return
			}
			c := cost{best[i].unknown, best[i].words + 1}
			if c.less(best[j]) {
				best[j], from[j], known[j] = c, i, true
			}
		})
		// Or one unknown cluster.
		j := i + 1
		for j < n && !ok(j) {
			j++
		}
		c := cost{best[i].unknown + (j - i), best[i].words + 1}
		if c.less(best[j]) {
			best[j], from[j], known[j] = c, i, false
		}
	}
	// Walk back: boundaries between known words, or between a known word
	// and an unknown run, are word breaks; inside an unknown run, none.
	for i := start + 1; i < end; i++ {
		if kinds[i] == Cluster {
			kinds[i] = NoBreak
		}
	}
	for j := n; j > 0; {
		i := from[j]
		if i > 0 && (known[j] || known[i]) {
			kinds[start+i] = Word
		}
		j = i
	}
}
