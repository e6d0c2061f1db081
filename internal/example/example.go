// Package example embeds the sample unit list, Samut Sakhon's 38 units from
// the DLA register, that `prakat init` and `prakat demo` start from.
package example

import _ "embed"

// Units is the example list, in the DLA register's layout.
//
//go:embed samut-sakhon.csv
var Units []byte

// UnitsName is the file name the example takes in a campaign folder.
const UnitsName = "units.csv"

// Provenance tells where the example comes from; it goes beside it.
//
//go:embed PROVENANCE.md
var Provenance []byte

// ProvenanceName is the file name of Provenance in a campaign folder.
const ProvenanceName = "units-source.md"
