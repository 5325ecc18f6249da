package cli

import (
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
)

// uploadsCommand lists and removes what counts against an artist's
// stored-bytes quota.
func uploadsCommand() *cli.Command {
	return &cli.Command{
		Name:  "uploads",
		Usage: "list and remove your uploads (what counts against the farm's --quota-bytes)",
		Subcommands: []*cli.Command{
			{
				Name: "ls", Usage: "list your uploads, oldest first, and your quota",
				Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
				Action: func(c *cli.Context) error {
					cl, err := newClient(c)
					if err != nil {
						return err
					}
					st, err := cl.Storage(c.Context)
					if err != nil {
						return err
					}
					return printStorage(c, st)
				},
			},
			{
				Name: "rm", Usage: "stop counting an upload no active job needs; the coordinators drop its blocks", ArgsUsage: "CID",
				Flags: append([]cli.Flag{jsonFlag}, clientFlags()...),
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errors.New("uploads rm needs one CID (see `rendergrid uploads ls`)")
					}
					cl, err := newClient(c)
					if err != nil {
						return err
					}
					st, err := cl.RemoveUpload(c.Context, c.Args().First())
					if err != nil {
						return err
					}
					return printStorage(c, st)
				},
			},
		},
	}
}

func printStorage(c *cli.Context, st api.Storage) error {
	if c.Bool("json") {
		return printJSON(st)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CID\tBYTES\tUPLOADED")
	for _, u := range st.Uploads {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", u.CID, u.Bytes, when(u.At))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if st.Limit > 0 {
		fmt.Printf("%s stores %d of %d bytes (%.1f%%)\n", st.User, st.Used, st.Limit, 100*float64(st.Used)/float64(st.Limit))
	} else {
		fmt.Printf("%s stores %d bytes\n", st.User, st.Used)
	}
	return nil
}
