package main

import "github.com/urfave/cli/v2"

func sceneCommand() *cli.Command { return &cli.Command{Name: "scene"} }
func benchCommand() *cli.Command { return &cli.Command{Name: "bench"} }
func demoCommand() *cli.Command  { return &cli.Command{Name: "demo"} }
