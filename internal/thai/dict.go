package thai

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed dict/words.txt
var wordList string

// trie is the dictionary as a compact trie over runes: each node's children
// are a sorted run in edges.
type trie struct {
	nodes []trieNode
	edges []trieEdge
}

type trieNode struct {
	first, n int32 // children: edges[first : first+n]
	word     bool
}

type trieEdge struct {
	r    rune
	node int32
}

var (
	dictOnce sync.Once
	dict     *trie
)

func dictionary() *trie {
	dictOnce.Do(func() { dict = buildTrie(strings.Fields(wordList)) })
	return dict
}

// buildTrie builds the trie level by level from a list of words, so each
// node's children are contiguous.
func buildTrie(words []string) *trie {
	rs := make([][]rune, 0, len(words))
	for _, w := range words {
		rs = append(rs, []rune(w))
	}
	sort.Slice(rs, func(i, j int) bool { return string(rs[i]) < string(rs[j]) })
	t := &trie{nodes: []trieNode{{}}}
	type span struct {
		node   int32
		lo, hi int // words rs[lo:hi] share the node's prefix
		depth  int
	}
	queue := []span{{0, 0, len(rs), 0}}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		lo := s.lo
		for lo < s.hi && len(rs[lo]) == s.depth {
			t.nodes[s.node].word = true
			lo++
		}
		t.nodes[s.node].first = int32(len(t.edges))
		for i := lo; i < s.hi; {
			r := rs[i][s.depth]
			j := i
			for j < s.hi && rs[j][s.depth] == r {
				j++
			}
			child := int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{})
			t.edges = append(t.edges, trieEdge{r, child})
			queue = append(queue, span{child, i, j, s.depth + 1})
			i = j
		}
		t.nodes[s.node].n = int32(len(t.edges)) - t.nodes[s.node].first
	}
	return t
}

func (t *trie) child(node int32, r rune) int32 {
	n := t.nodes[node]
	es := t.edges[n.first : n.first+n.n]
	i := sort.Search(len(es), func(i int) bool { return es[i].r >= r })
	if i < len(es) && es[i].r == r {
		return es[i].node
	}
	return -1
}

// words calls fn with the end of every dictionary word that starts at i.
func (t *trie) words(text []rune, i int, fn func(end int)) {
	node := int32(0)
	for j := i; j < len(text); j++ {
		node = t.child(node, text[j])
		if node < 0 {
			return
		}
		if t.nodes[node].word {
			fn(j + 1)
		}
	}
}

// IsWord reports whether s is in the dictionary.
func IsWord(s string) bool {
	t := dictionary()
	node := int32(0)
	for _, r := range s {
		if node = t.child(node, r); node < 0 {
			return false
		}
	}
	return t.nodes[node].word
}
