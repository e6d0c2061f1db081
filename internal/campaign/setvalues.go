package campaign

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// SetValues sets scalar settings in a YAML file prakat ships, keeping its
// comments and layout: each key is a path of mapping keys joined by dots
// ("department.number"), and its value is written as a quoted string in
// place of the old one, the line's comment kept. A key the file does not
// hold is an error.
func SetValues(data []byte, values map[string]string) ([]byte, error) {
	lines := strings.Split(string(data), "\n")
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		i := findKey(lines, strings.Split(key, "."))
		if i < 0 {
			return nil, fmt.Errorf("campaign: the template has no setting %s", key)
		}
		lines[i] = setLine(lines[i], values[key])
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// findKey returns the line of the nested key path, or -1.
func findKey(lines []string, path []string) int {
	from, to := 0, len(lines)
	for depth, name := range path {
		indent := strings.Repeat("  ", depth)
		found := -1
		for i := from; i < to; i++ {
			l := lines[i]
			if strings.HasPrefix(l, indent+name+":") {
				found = i
				break
			}
		}
		if found < 0 {
			return -1
		}
		if depth == len(path)-1 {
			return found
		}
		// The block under the key runs to the next line as little indented.
		from, to = found+1, len(lines)
		for i := from; i < len(lines); i++ {
			l := lines[i]
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimLeft(l, " "), "#") && !strings.HasPrefix(l, indent+"  ") {
				to = i
				break
			}
		}
	}
	return -1
}

// setLine replaces the value of a "key: value  # comment" line.
func setLine(line, value string) string {
	colon := strings.Index(line, ":")
	comment := ""
	if i := strings.Index(line[colon:], " #"); i >= 0 {
		comment = "   " + strings.TrimLeft(line[colon+i:], " ")
	}
	return line[:colon+1] + " " + strconv.Quote(value) + comment
}
