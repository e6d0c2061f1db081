package excelcsv

import (
	"bytes"
	"testing"
)

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	w.Write([]string{"code", "name"})
	w.Write([]string{"2740101", "=1+1"})
	w.Write([]string{"-5", "+x", "@y", "\tz", "ท่าทราย", "a,b", ""})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffcode,name\n2740101,'=1+1\n'-5,'+x,'@y,'\tz,ท่าทราย,\"a,b\",\n"
	if got := b.String(); got != want {
		t.Errorf("wrote %q; want %q", got, want)
	}
}
