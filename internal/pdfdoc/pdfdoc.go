// Package pdfdoc reworks the PDF files prakat draws with fpdf, at the level
// of their objects: it cuts a multi-page document into one document per
// page, sharing nothing but what each page uses, and replaces the fonts'
// ToUnicode maps. It reads the plain layout fpdf writes (a classic xref
// table, direct stream lengths), not PDF files in general.
package pdfdoc

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	kzlib "github.com/klauspost/compress/zlib"
)

// Doc is a parsed PDF.
type Doc struct {
	objs      map[int]object
	root      int
	info      int
	pages     []int        // page objects, in order
	toUniObjs map[int]bool // the fonts' ToUnicode streams
	// tree is the page tree's dictionary without its kids and count, which
	// each cut document writes for its own pages: taken apart once, so
	// that cutting a document of n pages costs n, not n².
	tree []byte
	// fontFile, when set, rewrites each embedded font file as Recompress
	// finds it (see SetFontFile).
	fontFile func([]byte) []byte
}

// SetFontFile makes Recompress pass each embedded TrueType font file
// through fn before compressing it again.
func (d *Doc) SetFontFile(fn func([]byte) []byte) { d.fontFile = fn }

type object struct {
	dict   []byte // everything between "obj" and "stream" or "endobj"
	stream []byte // nil when the object has none
	refs   []int  // the objects its dictionary refers to
}

var (
	rootRE    = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE    = regexp.MustCompile(`/Info (\d+) 0 R`)
	pagesRE   = regexp.MustCompile(`/Pages (\d+) 0 R`)
	refRE     = regexp.MustCompile(`(\d+) 0 R\b`)
	lengthRE  = regexp.MustCompile(`/Length (\d+)`)
	length1RE = regexp.MustCompile(`/Length1 (\d+)`)
	toUniRE   = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
	kidsRE    = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	parentRE  = regexp.MustCompile(`/Parent (\d+) 0 R`)
	countRE   = regexp.MustCompile(`/Count \d+`)
	cidMapRE  = regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`)
	errFormat = errors.New("pdfdoc: not a PDF as fpdf writes it")
)

// Parse reads a PDF written by fpdf.
func Parse(b []byte) (*Doc, error) {
	i := bytes.LastIndex(b, []byte("startxref\n"))
	if i < 0 {
		return nil, errFormat
	}
	xrefAt, err := strconv.Atoi(string(bytes.TrimSpace(bytes.SplitN(b[i+10:], []byte("\n"), 2)[0])))
	if err != nil || xrefAt >= len(b) || !bytes.HasPrefix(b[xrefAt:], []byte("xref\n")) {
		return nil, errFormat
	}
	lines := bytes.Split(b[xrefAt:], []byte("\n"))
	var first, count int
	if _, err := fmt.Sscanf(string(lines[1]), "%d %d", &first, &count); err != nil || len(lines) < count+2 {
		return nil, errFormat
	}
	d := &Doc{objs: map[int]object{}, toUniObjs: map[int]bool{}}
	for k := 1; k < count; k++ {
		line := lines[2+k]
		if len(line) < 18 || line[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(line[:10]))
		if err != nil || off >= len(b) {
			return nil, errFormat
		}
		num := first + k
		o, err := readObject(b[off:], num)
		if err != nil {
			return nil, err
		}
		o.refs = refs(o.dict)
		d.objs[num] = o
		for _, m := range toUniRE.FindAllSubmatch(o.dict, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			d.toUniObjs[n] = true
		}
	}
	trailer := b[xrefAt:]
	if m := rootRE.FindSubmatch(trailer); m != nil {
		d.root, _ = strconv.Atoi(string(m[1]))
	}
	if m := infoRE.FindSubmatch(trailer); m != nil {
		d.info, _ = strconv.Atoi(string(m[1]))
	}
	cat, ok := d.objs[d.root]
	if !ok {
		return nil, errFormat
	}
	m := pagesRE.FindSubmatch(cat.dict)
	if m == nil {
		return nil, errFormat
	}
	pagesNum, _ := strconv.Atoi(string(m[1]))
	km := kidsRE.FindSubmatch(d.objs[pagesNum].dict)
	if km == nil {
		return nil, errFormat
	}
	for _, r := range refRE.FindAllSubmatch(km[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		d.pages = append(d.pages, n)
	}
	tree := d.objs[pagesNum].dict
	if !bytes.HasPrefix(tree, []byte("<<")) {
		return nil, errFormat
	}
	tree = kidsRE.ReplaceAll(tree, nil)
	d.tree = countRE.ReplaceAll(tree[2:], nil)
	return d, nil
}

func readObject(b []byte, num int) (object, error) {
	head := []byte(strconv.Itoa(num) + " 0 obj\n")
	if !bytes.HasPrefix(b, head) {
		return object{}, fmt.Errorf("pdfdoc: object %d is not where the xref says", num)
	}
	b = b[len(head):]
	end := bytes.Index(b, []byte("endobj"))
	st := bytes.Index(b, []byte("stream\n"))
	if st < 0 || (end >= 0 && end < st) {
		if end < 0 {
			return object{}, errFormat
		}
		return object{dict: bytes.TrimRight(b[:end], "\n")}, nil
	}
	dict := bytes.TrimRight(b[:st], "\n")
	m := lengthRE.FindSubmatch(dict)
	if m == nil {
		return object{}, fmt.Errorf("pdfdoc: object %d: stream without a direct length", num)
	}
	n, _ := strconv.Atoi(string(m[1]))
	data := b[st+7:]
	if n > len(data) {
		return object{}, fmt.Errorf("pdfdoc: object %d: stream runs past the end", num)
	}
	return object{dict: dict, stream: data[:n]}, nil
}

// Pages returns the number of pages.
func (d *Doc) Pages() int { return len(d.pages) }

// SetToUnicode makes every font's ToUnicode map cmap: one compressed
// stream, shared by all the fonts.
func (d *Doc) SetToUnicode(cmap []byte) {
	if len(d.toUniObjs) == 0 {
		return
	}
	keep := -1
	for n := range d.toUniObjs {
		if keep < 0 || n < keep {
			keep = n
		}
	}
	for n := range d.toUniObjs {
		if n != keep {
			delete(d.objs, n)
		}
	}
	for n, o := range d.objs {
		if toUniRE.Match(o.dict) {
			o.dict = toUniRE.ReplaceAll(o.dict, []byte("/ToUnicode "+strconv.Itoa(keep)+" 0 R"))
			o.refs = refs(o.dict)
			d.objs[n] = o
		}
	}
	// Every document carries the same map: it is compressed once.
	z, ok := cmaps.Load(string(cmap))
	if !ok {
		z, _ = cmaps.LoadOrStore(string(cmap), deflate(cmap, zlib.BestCompression))
	}
	stream := z.([]byte)
	d.objs[keep] = object{dict: []byte("<</Filter /FlateDecode /Length " + strconv.Itoa(len(stream)) + ">>"), stream: stream}
	d.toUniObjs = map[int]bool{keep: true}
}

// Bytes writes the whole document again, with its ToUnicode maps replaced.
func (d *Doc) Bytes() []byte {
	nums := make([]int, 0, len(d.objs))
	for n := range d.objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	w := d.newWriter()
	for _, n := range nums {
		w.number(n)
	}
	for _, n := range nums {
		w.put(n, d.objs[n].dict)
	}
	return w.finish(w.renum[d.root], w.renum[d.info])
}

// Page writes page i (from 0) as a document of its own.
func (d *Doc) Page(i int) []byte { return d.Range(i, i+1) }

// Range writes pages [from, to) as a document of their own: the pages,
// what they use (content, fonts), and a catalog and page tree of their own.
func (d *Doc) Range(from, to int) []byte {
	pages := d.pages[from:to]
	var parentNum int
	if m := parentRE.FindSubmatch(d.objs[pages[0]].dict); m != nil {
		parentNum, _ = strconv.Atoi(string(m[1]))
	}
	// Everything the pages reach, but not their parent.
	need := []int{}
	seen := map[int]bool{parentNum: true}
	var walk func(n int)
	walk = func(n int) {
		if seen[n] {
			return
		}
		if _, ok := d.objs[n]; !ok {
			return
		}
		seen[n] = true
		need = append(need, n)
		for _, m := range d.objs[n].refs {
			walk(m)
		}
	}
	for _, p := range pages {
		walk(p)
	}
	if d.info != 0 {
		walk(d.info)
	}
	w := d.newWriter()
	// The output's size is about known: its buffer grows once, not by
	// doubling through the fonts' streams.
	size := 1024 + len(d.tree) + 16*len(pages)
	for _, n := range need {
		size += len(d.objs[n].dict) + len(d.objs[n].stream) + 64
	}
	w.buf.Grow(size)
	pagesNum := w.fresh()
	w.renum[parentNum] = pagesNum
	for _, n := range need {
		w.number(n)
	}
	catalog := w.fresh()
	for _, n := range need {
		w.put(n, d.objs[n].dict)
	}
	tree := make([]byte, 0, len(d.tree)+32+12*len(pages))
	tree = append(tree, "<</Kids ["...)
	for i, p := range pages {
		if i > 0 {
			tree = append(tree, ' ')
		}
		tree = strconv.AppendInt(tree, int64(w.renum[p]), 10)
		tree = append(tree, " 0 R"...)
	}
	tree = append(tree, "] /Count "...)
	tree = strconv.AppendInt(tree, int64(len(pages)), 10)
	tree = append(tree, d.tree...)
	w.putRaw(pagesNum, tree, nil)
	w.putRaw(catalog, []byte(fmt.Sprintf("<<\n/Type /Catalog\n/Pages %d 0 R\n>>", pagesNum)), nil)
	return w.finish(catalog, w.renum[d.info])
}

// writer lays out objects with new numbers, in the order they are put.
type writer struct {
	d       *Doc
	buf     bytes.Buffer
	renum   map[int]int
	next    int
	offsets map[int]int
	order   []int
}

func (d *Doc) newWriter() *writer {
	w := &writer{d: d, renum: map[int]int{}, next: 1, offsets: map[int]int{}}
	w.buf.WriteString("%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *writer) fresh() int {
	n := w.next
	w.next++
	return n
}

func (w *writer) number(old int) {
	if _, ok := w.renum[old]; !ok {
		w.renum[old] = w.fresh()
	}
}

// put writes an original object under its new number.
func (w *writer) put(old int, dict []byte) {
	o := w.d.objs[old]
	stream := o.stream
	dict = renumber(dict, w.renum)
	w.putRaw(w.renum[old], dict, stream)
}

func (w *writer) putRaw(num int, dict, stream []byte) {
	w.offsets[num] = w.buf.Len()
	w.order = append(w.order, num)
	fmt.Fprintf(&w.buf, "%d 0 obj\n", num)
	w.buf.Write(dict)
	if stream != nil {
		w.buf.WriteString("\nstream\n")
		w.buf.Write(stream)
		w.buf.WriteString("\nendstream")
	}
	w.buf.WriteString("\nendobj\n")
}

func (w *writer) finish(root, info int) []byte {
	xref := w.buf.Len()
	size := w.next
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[n])
	}
	fmt.Fprintf(&w.buf, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", size, root)
	if info != 0 {
		fmt.Fprintf(&w.buf, "/Info %d 0 R\n", info)
	}
	fmt.Fprintf(&w.buf, ">>\nstartxref\n%d\n%%%%EOF\n", xref)
	return w.buf.Bytes()
}

// cmaps holds each ToUnicode map compressed, by its text.
var cmaps sync.Map

// zlibPools keep compressors, about a megabyte each, for reuse across
// documents rather than a new one for every stream, one pool per level.
var zlibPools = map[int]*sync.Pool{}

// zlibWriter is a compressor of either library.
type zlibWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

// At the fastest level, the page contents', klauspost/compress takes about
// two thirds of the standard library's time for output a little smaller;
// at the best level, the fonts', it is slower, and the standard library
// compresses them.
func init() {
	for _, level := range []int{zlib.BestSpeed, zlib.DefaultCompression, zlib.BestCompression} {
		zlibPools[level] = &sync.Pool{New: func() any {
			if level == zlib.BestSpeed {
				w, _ := kzlib.NewWriterLevel(nil, level)
				return zlibWriter(w)
			}
			w, _ := zlib.NewWriterLevel(nil, level)
			return zlibWriter(w)
		}}
	}
}

// deflate compresses data at level (BestSpeed, DefaultCompression or
// BestCompression).
func deflate(data []byte, level int) []byte {
	pool := zlibPools[level]
	zw := pool.Get().(zlibWriter)
	defer pool.Put(zw)
	var buf bytes.Buffer
	zw.Reset(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// Compress compresses the streams fpdf left plain (the page contents, when
// it is told not to compress) at a zlib level: zlib.BestSpeed or
// zlib.DefaultCompression.
func (d *Doc) Compress(level int) {
	for n, o := range d.objs {
		if o.stream == nil || bytes.Contains(o.dict, []byte("/Filter")) || d.toUniObjs[n] {
			continue
		}
		o.stream = deflate(o.stream, level)
		o.dict = lengthRE.ReplaceAll(o.dict, []byte("/Filter /FlateDecode /Length "+strconv.Itoa(len(o.stream))))
		d.objs[n] = o
	}
}

// Recompress compresses the document's font files and their glyph maps
// (CIDToGIDMap) again at zlib's best level. fpdf favours speed; the fonts
// are most of a poster's bytes and, shared by every page of a district,
// are compressed once for them all.
func (d *Doc) Recompress() {
	maps := map[int]bool{}
	for _, o := range d.objs {
		if m := cidMapRE.FindSubmatch(o.dict); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			maps[n] = true
		}
	}
	for n, o := range d.objs {
		if o.stream == nil || !(maps[n] || bytes.Contains(o.dict, []byte("/Length1"))) || !bytes.Contains(o.dict, []byte("/FlateDecode")) {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(o.stream))
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		changed := false
		if d.fontFile != nil && !maps[n] {
			if f := d.fontFile(raw); !bytes.Equal(f, raw) {
				raw, changed = f, true
				o.dict = length1RE.ReplaceAll(o.dict, []byte("/Length1 "+strconv.Itoa(len(raw))))
			}
		}
		if z := deflate(raw, zlib.BestCompression); changed || len(z) < len(o.stream) {
			o.stream = z
			o.dict = lengthRE.ReplaceAll(o.dict, []byte("/Length "+strconv.Itoa(len(z))))
			d.objs[n] = o
		}
	}
}

// eachRef finds the references "N 0 R" in a dictionary: fn gets the span
// of N and its value.
func eachRef(dict []byte, fn func(start, end, n int)) {
	for i := 0; i < len(dict); i++ {
		if dict[i] < '0' || dict[i] > '9' || (i > 0 && dict[i-1] >= '0' && dict[i-1] <= '9') {
			continue
		}
		j := i
		n := 0
		for j < len(dict) && dict[j] >= '0' && dict[j] <= '9' {
			n = n*10 + int(dict[j]-'0')
			j++
		}
		if bytes.HasPrefix(dict[j:], []byte(" 0 R")) && (j+4 == len(dict) || !isRegular(dict[j+4])) {
			fn(i, j, n)
		}
		i = j
	}
}

// isRegular reports a character that would continue a PDF name or number.
func isRegular(c byte) bool {
	return c > ' ' && !bytes.ContainsRune([]byte("()<>[]{}/%"), rune(c))
}

func refs(dict []byte) []int {
	var rs []int
	eachRef(dict, func(_, _, n int) { rs = append(rs, n) })
	return rs
}

// renumber rewrites the references of a dictionary to new numbers.
func renumber(dict []byte, renum map[int]int) []byte {
	out := make([]byte, 0, len(dict)+8)
	last := 0
	eachRef(dict, func(start, end, n int) {
		if nn, ok := renum[n]; ok {
			n = nn
		}
		out = append(out, dict[last:start]...)
		out = strconv.AppendInt(out, int64(n), 10)
		last = end
	})
	return append(out, dict[last:]...)
}

// TrimWidths cuts each CID font's width array (/W) down to the codes its
// glyph map (CIDToGIDMap) sends to a glyph: fpdf lists every code up to 255
// whether the document draws it or not, about a kilobyte a font that every
// page cut from the document would carry uncompressed. A code without a
// glyph draws nothing, so its width was never used.
func (d *Doc) TrimWidths() error {
	for n, o := range d.objs {
		m := cidMapRE.FindSubmatch(o.dict)
		if m == nil {
			continue
		}
		mapNum, _ := strconv.Atoi(string(m[1]))
		glyphs, err := inflate(d.objs[mapNum])
		if err != nil {
			return fmt.Errorf("pdfdoc: object %d: glyph map: %w", mapNum, err)
		}
		loc := widthsRE.FindSubmatchIndex(o.dict)
		if loc == nil {
			continue
		}
		widths, err := parseWidths(o.dict[loc[2]:loc[3]])
		if err != nil {
			return fmt.Errorf("pdfdoc: object %d: %w", n, err)
		}
		var w []byte
		w = append(w, "/W ["...)
		last := -2
		for _, cw := range widths {
			c := cw[0]
			if 2*c+1 >= len(glyphs) || glyphs[2*c] == 0 && glyphs[2*c+1] == 0 {
				continue
			}
			if c != last+1 {
				if last >= 0 {
					w = append(w, "] "...)
				}
				w = strconv.AppendInt(w, int64(c), 10)
				w = append(w, " ["...)
			} else {
				w = append(w, ' ')
			}
			w = strconv.AppendInt(w, int64(cw[1]), 10)
			last = c
		}
		if last >= 0 {
			w = append(w, ']')
		}
		w = append(w, ']')
		dict := append(append(append([]byte(nil), o.dict[:loc[0]]...), w...), o.dict[loc[1]:]...)
		o.dict = dict
		d.objs[n] = o
	}
	return nil
}

// widthsRE finds a width array; fpdf writes it with nested arrays one
// level deep.
var widthsRE = regexp.MustCompile(`/W \[((?:[^\[\]]|\[[^\[\]]*\])*)\]`)

// parseWidths reads the inside of a /W array into (code, width) pairs, in
// order: "c [w1 w2 …]" gives widths from c on, "c1 c2 w" one width to all.
func parseWidths(b []byte) ([][2]int, error) {
	var out [][2]int
	toks := strings.Fields(strings.NewReplacer("[", " [ ", "]", " ] ").Replace(string(b)))
	num := func(i int) (int, bool) {
		if i >= len(toks) {
			return 0, false
		}
		v, err := strconv.Atoi(toks[i])
		return v, err == nil
	}
	bad := errors.New("unreadable width array")
	for i := 0; i < len(toks); {
		c, ok := num(i)
		if !ok {
			return nil, bad
		}
		if i+1 < len(toks) && toks[i+1] == "[" {
			i += 2
			for ; i < len(toks) && toks[i] != "]"; i++ {
				w, ok := num(i)
				if !ok {
					return nil, bad
				}
				out = append(out, [2]int{c, w})
				c++
			}
			i++ // the closing bracket
			continue
		}
		c2, ok1 := num(i + 1)
		w, ok2 := num(i + 2)
		if !ok1 || !ok2 || c2 < c {
			return nil, bad
		}
		for ; c <= c2; c++ {
			out = append(out, [2]int{c, w})
		}
		i += 3
	}
	return out, nil
}

// inflate returns an object's stream, decompressed when it is.
func inflate(o object) ([]byte, error) {
	if !bytes.Contains(o.dict, []byte("/FlateDecode")) {
		return o.stream, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(o.stream))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
