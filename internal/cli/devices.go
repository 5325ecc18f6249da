package cli

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/render/vulkan"
)

func devicesCommand() *cli.Command {
	return &cli.Command{
		Name:  "devices",
		Usage: "list this machine's Vulkan devices (--device N picks one)",
		Flags: []cli.Flag{jsonFlag},
		Action: func(c *cli.Context) error {
			devs, err := vulkan.Devices()
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(devs)
			}
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "#\tNAME\tTYPE\tDRIVER\tVULKAN\tMEMORY")
			for _, d := range devs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d MiB\n", d.Index, d.Name, d.Type, d.Driver, d.APIVersion, d.MemoryMB)
			}
			return tw.Flush()
		},
	}
}
