package roster

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzRead holds that no input, however broken, makes Read panic or return
// anything but units or located problems, and that every unit it returns
// is whole and clean. The seeds run in every plain `go test`.
func FuzzRead(f *testing.F) {
	f.Add(readFixture(f, "thai-excel.csv"))
	f.Add(readFixture(f, "dla-raw.csv"))
	f.Add([]byte(header + "2740101,อบจ.,องค์การบริหารส่วนจังหวัดสมุทรสาคร,เมืองสมุทรสาคร\n"))
	f.Add([]byte(header + "\"2740101\",\"อบจ.\",\"x\ny\",\"\"\"\"\n"))
	f.Add([]byte("\xEF\xBB\xBF\n\n\nรหัส;ชื่อ;อำเภอ\n6740110;ท่าทราย;x\n"))
	f.Add([]byte("\xFF\xFE\x00"))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00"))
	f.Add(toWindows874(f, []byte(header+"5740103,ทต.,บางปลา,เมืองสมุทรสาคร\n")))
	recoverPanics = false
	defer func() { recoverPanics = true }()
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read("fuzz.csv", data, Options{})
		if err != nil {
			var ps *Problems
			if !errors.As(err, &ps) || len(ps.List) == 0 {
				t.Fatalf("error %v (%T) is not a list of problems", err, err)
			}
			return
		}
		for _, u := range l.Units {
			if len(u.Code) != 7 || u.Type == 0 || u.Name == "" || u.District == "" || u.Row < 2 {
				t.Fatalf("incomplete unit %+v", u)
			}
			if Clean(u.Name) != u.Name || !utf8.ValidString(u.Name) || Clean(u.District) != u.District {
				t.Fatalf("unclean unit %+v", u)
			}
		}
	})
}
