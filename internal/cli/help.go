package cli

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/prakat/prakat/internal/messages"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// help writes a command's help in the language of --lang or the locale. It
// follows cobra's own layout, but every sentence, heading and flag
// description comes from the catalogue, keyed by its English text.
// cobra calls it before any hook has run, so it picks the language itself.
func (e *env) help(cmd *cobra.Command, _ []string) {
	p := e.printer()
	var b strings.Builder
	if text := cmd.Long; text != "" {
		b.WriteString(strings.TrimRightFunc(p.Static(text), unicode.IsSpace) + "\n\n")
	} else if text := cmd.Short; text != "" {
		b.WriteString(strings.TrimRightFunc(p.Static(text), unicode.IsSpace) + "\n\n")
	}
	b.WriteString(p.Sprintf("Usage:"))
	// The root runs only to show this help: it is no use of its own.
	if cmd.Runnable() && !cmd.HasAvailableSubCommands() {
		b.WriteString("\n  " + cmd.UseLine())
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("\n  " + cmd.CommandPath() + " [command]")
	}
	if cmd.HasExample() {
		b.WriteString("\n\n" + p.Sprintf("Examples:") + "\n" + p.Static(cmd.Example))
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("\n\n" + p.Sprintf("Available Commands:"))
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", cmd.NamePadding(), sub.Name(), p.Static(sub.Short))
			}
		}
	}
	if cmd.HasAvailableLocalFlags() {
		b.WriteString("\n\n" + p.Sprintf("Flags:") + "\n" + flagUsages(p, cmd, cmd.LocalFlags()))
	}
	if cmd.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + p.Sprintf("Global Flags:") + "\n" + flagUsages(p, cmd, cmd.InheritedFlags()))
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("\n\n" + p.Sprintf("Use \"%s [command] --help\" for more information about a command.", cmd.CommandPath()))
	}
	b.WriteString("\n")
	fmt.Fprint(cmd.OutOrStdout(), b.String())
}

// flagUsages lays out flags as pflag does (names, then descriptions in one
// column, then the default), with the descriptions from the catalogue.
func flagUsages(p *messages.Printer, cmd *cobra.Command, flags *pflag.FlagSet) string {
	type line struct{ names, usage string }
	var lines []line
	width := 0
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		names := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			names = "  -" + f.Shorthand + ", --" + f.Name
		}
		varname, _ := pflag.UnquoteUsage(f)
		if varname != "" {
			names += " " + varname
		}
		usage := p.Static(f.Usage)
		if f.Name == "help" {
			// cobra's own flag, worded with the command's name.
			usage = p.Sprintf("help for %s", cmd.Name())
		}
		if !zeroDefault(f) {
			def := f.DefValue
			if f.Value.Type() == "string" {
				def = fmt.Sprintf("%q", def)
			}
			usage += " " + p.Sprintf("(default %s)", def)
		}
		width = max(width, len(names))
		lines = append(lines, line{names, usage})
	})
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%-*s   %s", width, l.names, l.usage)
	}
	return b.String()
}

// zeroDefault reports whether a flag's default goes without saying, as
// pflag decides for the flag types prakat uses.
func zeroDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "[]", "<nil>":
		return true
	}
	return false
}

// newHelpCmd replaces cobra's help command, whose words and whose answer to
// an unknown topic are fixed in English.
func newHelpCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long: `Shows the help of prakat or of one of its commands:
prakat help generate is the same as prakat generate --help.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil {
				return err
			}
			if len(rest) > 0 {
				return unknownCommand(target, rest[0])
			}
			target.InitDefaultHelpFlag()
			return target.Help()
		},
	}
}

// rootArgs refuses a first word that names no command.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(cmd, args[0])
	}
	return nil
}

func unknownCommand(cmd *cobra.Command, name string) error {
	ue := &usageError{msg: messages.T("unknown command %q for %q", name, cmd.CommandPath())}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		ue.hint = messages.T("did you mean %s?", strings.Join(s, ", "))
	}
	return ue
}

// flagError turns pflag's errors, by their type, into usage errors worded
// in the catalogue.
func flagError(cmd *cobra.Command, err error) error {
	var (
		unknown  *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		badValue *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &unknown):
		if unknown.GetSpecifiedShortnames() != "" {
			return usagef("unknown flag -%s for %q", unknown.GetSpecifiedName(), cmd.CommandPath())
		}
		return usagef("unknown flag --%s for %q", unknown.GetSpecifiedName(), cmd.CommandPath())
	case errors.As(err, &noValue):
		return usagef("--%s needs a value", noValue.GetFlag().Name)
	case errors.As(err, &badValue):
		f := badValue.GetFlag()
		switch f.Value.Type() {
		case "int":
			return usagef("--%s %q: want a whole number", f.Name, badValue.GetValue())
		case "bool":
			return usagef("--%s %q: want true or false", f.Name, badValue.GetValue())
		}
		return usagef("--%s %q: not a valid value", f.Name, badValue.GetValue())
	case errors.As(err, &syntax):
		return usagef("bad flag syntax: %s", syntax.GetSpecifiedFlag())
	}
	// A flag error pflag gives no type: still a mistake in the command line.
	return &usageError{msg: messages.T("%s", err.Error())}
}
