// Command prakat turns a province's list of local government units into
// tracked survey posters, official circulars and a scan report.
package main

import (
	"os"

	"github.com/prakat/prakat/internal/cli"
)

func main() { os.Exit(cli.Main()) }
