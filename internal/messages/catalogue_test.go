package messages

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// formatArg says which argument of a call is a catalogue key.
func formatArg(call *ast.CallExpr) int {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if fn.Name == "usagef" {
			return 0
		}
	case *ast.SelectorExpr:
		recv, _ := fn.X.(*ast.Ident)
		switch fn.Sel.Name {
		case "T":
			if recv != nil && recv.Name == "messages" {
				return 0
			}
		case "Errorf":
			if recv != nil && recv.Name == "messages" {
				return 1
			}
		case "WithHint":
			return 0
		case "Sprintf":
			if recv == nil || recv.Name != "fmt" {
				return 0
			}
		}
	}
	return -1
}

// sourceKeys walks prakat's Go source for every string handed to the
// catalogue, so no sentence can reach a Thai user in English by accident.
func sourceKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	fset := token.NewFileSet()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i := formatArg(call)
			if i < 0 || i >= len(call.Args) {
				return true
			}
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				keys[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestEveryMessageHasThai(t *testing.T) {
	keys := sourceKeys(t)
	if len(keys) < 40 {
		t.Fatalf("found only %d catalogue keys in the source; the walk is broken", len(keys))
	}
	var missing []string
	for k, pos := range keys {
		if _, ok := thai[k]; !ok {
			missing = append(missing, pos+": "+strconv.Quote(k))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Thai for %s", m)
	}
}

func TestThaiKeepsVerbs(t *testing.T) {
	verbs := func(s string) []string {
		var vs []string
		for i := 0; i < len(s); i++ {
			if s[i] == '%' && i+1 < len(s) {
				j := i + 1
				for j < len(s) && strings.IndexByte("0123456789.+-# ", s[j]) >= 0 {
					j++
				}
				if j < len(s) {
					vs = append(vs, s[i:j+1])
				}
				i = j
			}
		}
		sort.Strings(vs)
		return vs
	}
	for en, th := range thai {
		if a, b := strings.Join(verbs(en), " "), strings.Join(verbs(th), " "); a != b {
			t.Errorf("Thai for %q has verbs %q; want %q", en, b, a)
		}
	}
}

func TestPrinterLanguages(t *testing.T) {
	th := NewPrinter(language.Thai)
	en := NewPrinter(language.English)
	const key = "empty code"
	if got := en.Sprintf(key); got != key {
		t.Errorf("English Sprintf(%q) = %q", key, got)
	}
	if got := th.Sprintf(key); got != thai[key] || got == key {
		t.Errorf("Thai Sprintf(%q) = %q; want %q", key, got, thai[key])
	}
	e := Errorf("units.csv:3", "empty code").WithHint("a DLA code is 7 digits, e.g. 2740101")
	if got, want := en.Error(e), "units.csv:3: empty code\nhint: a DLA code is 7 digits, e.g. 2740101"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}
