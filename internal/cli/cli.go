// Package cli is prakat's command tree. It wires the domain packages
// together and is the only place that prints to the user or picks an exit
// status: 0 done, 1 the input or the files are at fault, 2 a usage error.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Now is the clock; tests fix it.
	Now func() time.Time
	// Env reads the environment (the locale); tests fix it.
	Env func(string) string
	// Locale is the user's locale name as the operating system keeps it
	// outside the environment (Windows: th-TH); tests fix it.
	Locale func() string
}

// env holds what every command shares: the streams and the printer chosen
// from --lang or the locale.
type env struct {
	IO
	lang string
	p    *messages.Printer
}

// Main runs prakat with the process's arguments and streams.
func Main() int {
	return Run(os.Args[1:], IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Now: time.Now, Env: os.Getenv, Locale: systemLocale})
}

// Run runs prakat with args and returns the exit status.
func Run(args []string, stdio IO) int {
	if stdio.Now == nil {
		stdio.Now = time.Now
	}
	if stdio.Env == nil {
		stdio.Env = os.Getenv
	}
	if stdio.Locale == nil {
		stdio.Locale = func() string { return "" }
	}
	e := &env{IO: stdio}
	root := newRootCmd(e)
	// Known before parsing, so that a mistake in the flags before --lang th
	// is told in Thai too.
	e.lang = langArg(args)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := root.Execute()
	if e.p == nil {
		e.p = e.printer()
	}
	return e.report(err)
}

// langArg finds the value of --lang among args, as pflag would read it.
func langArg(args []string) string {
	lang := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			lang = v
		} else if a == "--lang" && i+1 < len(args) {
			lang = args[i+1]
		}
	}
	return lang
}

// printer is the language of --lang, else of the locale; English when
// --lang is unusable (the usage error says so).
func (e *env) printer() *messages.Printer {
	p, err := messages.ForLocale(e.lang, e.Env, e.Locale())
	if err != nil {
		p = messages.Default
	}
	return p
}

// usageError is a mistake in the command line itself: exit status 2.
type usageError struct {
	msg  messages.Text
	hint messages.Text
}

func (u *usageError) Error() string { return u.msg.String() }

func usagef(format string, args ...any) error { return &usageError{msg: messages.T(format, args...)} }

// report prints err for a person and picks the exit status.
func (e *env) report(err error) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	var ps *roster.Problems
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(e.Err, "prakat: %s\n", e.p.Sprint(ue.msg))
		if !ue.hint.IsZero() {
			fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(ue.hint)))
		}
		fmt.Fprintln(e.Err, e.p.Sprintf("Run 'prakat --help' for usage."))
		return exitUsage
	case errors.As(err, &ps):
		for _, pr := range ps.List {
			fmt.Fprintln(e.Err, pr.Render(e.p))
		}
		if ps.Truncated {
			fmt.Fprintln(e.Err, e.p.Sprintf("stopped after %d problems", roster.MaxProblems))
		}
		if !ps.Refused.IsZero() {
			fmt.Fprintln(e.Err, e.p.Sprint(ps.Refused))
		} else {
			fmt.Fprintln(e.Err, e.p.Sprintf("prakat: the unit list was refused; nothing was written"))
		}
		return exitInput
	}
	if se := systemError(err); se != nil {
		err = se
	}
	fmt.Fprintf(e.Err, "prakat: %s\n", e.p.Error(err))
	return exitInput
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "prakat",
		Short: "Tracked survey posters and circulars for Thai local government units",
		Long: `prakat turns a province's list of local government units (districts, the
provincial administrative organisation, municipalities and subdistrict
administrative organisations) into one tracked survey link per unit, and from
there posters, circular letters and a report of who reached citizens.

Start with:  prakat demo
Or:          prakat init my-campaign --survey-url https://forms.gle/...`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// The root runs, so that cobra hands a word that names no command
		// to rootArgs rather than answering it in English.
		Args: rootArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if e.lang != "" {
				if _, err := messages.ForLocale(e.lang, e.Env, ""); err != nil {
					return usagef("--lang %q: want th or en", e.lang)
				}
			}
			e.p = e.printer()
			return nil
		},
		SuggestionsMinimumDistance: 2,
		// Shell completion scripts are not offered: their help could not be
		// kept in Thai, and an office PC's shell does not load them.
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.PersistentFlags().StringVar(&e.lang, "lang", "", "language of messages: th or en (default: from the locale)")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(e.help)
	root.SetHelpCommand(newHelpCmd(e))
	root.AddCommand(
		newInitCmd(e),
		newValidateCmd(e),
		newLinksCmd(e),
		newGenerateCmd(e),
		newSendCmd(e),
		newServeCmd(e),
		newReportCmd(e),
		newDemoCmd(e),
	)
	return root
}

// noArgs and oneArg are cobra's argument checks reporting a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) != 0 {
		return usagef("%s takes no arguments, only flags", cmd.CommandPath())
	}
	return nil
}

func oneArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one argument, the folder", cmd.CommandPath())
	}
	return nil
}
