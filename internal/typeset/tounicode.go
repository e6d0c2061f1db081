package typeset

import (
	"fmt"
	"sort"
	"strings"
)

// ToUnicode is the CMap every font of a prakat PDF carries: code points up
// to the slots read as themselves, and each slot reads as the character it
// stands for, so pdftotext and MuPDF give back the Thai that went in.
var ToUnicode = func() []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	fmt.Fprintf(&b, "1 beginbfrange\n<0000> <%04X> <0000>\nendbfrange\n", slotBase-1)
	codes := make([]rune, 0, len(unslots))
	for s := range unslots {
		codes = append(codes, s)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	for len(codes) > 0 {
		n := min(len(codes), 100) // at most 100 entries a block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, s := range codes[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", s, unslots[s])
		}
		b.WriteString("endbfchar\n")
		codes = codes[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return []byte(b.String())
}()
