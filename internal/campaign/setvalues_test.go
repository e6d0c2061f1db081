package campaign

import (
	"strings"
	"testing"

	"github.com/prakat/prakat/templates"
	"go.yaml.in/yaml/v3"
)

// Values set in the shipped letters.yaml land under their own keys, the
// comments kept; a key the file lacks is an error.
func TestSetValues(t *testing.T) {
	data, _ := templates.FS.ReadFile(templates.Letters)
	out, err := SetValues(data, map[string]string{"department.number": "มท ๐๘๑๐.๗/ว ๒๕๒๒", "province.number": "๑๕๖๓๓", "district.number": "x"})
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Department struct{ Number string } `yaml:"department"`
		Province   struct{ Number string } `yaml:"province"`
		District   struct{ Number string } `yaml:"district"`
	}
	if err := yaml.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	if v.Department.Number != "มท ๐๘๑๐.๗/ว ๒๕๒๒" || v.Province.Number != "๑๕๖๓๓" || v.District.Number != "x" {
		t.Errorf("set %+v", v)
	}
	if strings.Count(string(out), "#") != strings.Count(string(data), "#") {
		t.Error("a comment was lost")
	}
	if _, err := SetValues(data, map[string]string{"department.nummer": "x"}); err == nil {
		t.Error("an unknown key was accepted")
	}
}
