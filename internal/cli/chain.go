package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/evm"
)

// rpcFlag is the EVM node the command talks to.
var rpcFlag = &cli.StringFlag{Name: "rpc", EnvVars: []string{"RENDERGRID_RPC"}, Usage: "JSON-RPC URL of an EVM node (the farm's chain)"}

// openEVM binds the farm's contracts on the --rpc chain, with the key file
// when the command sends transactions (sign): the escrow address comes from
// --escrow, or from the coordinator.
func openEVM(c *cli.Context, cl *api.Client, sign bool) (*evm.Chain, error) {
	if c.String("rpc") == "" {
		return nil, fmt.Errorf("this needs the chain: give --rpc URL (or RENDERGRID_RPC)")
	}
	escrow := c.String("escrow")
	if escrow == "" && cl != nil {
		info, err := cl.ChainInfo(c.Context)
		if err != nil {
			return nil, err
		}
		escrow = info.Escrow
	}
	if escrow == "" {
		return nil, fmt.Errorf("this farm has no escrow contract: give --escrow ADDR")
	}
	addr, err := chain.ParseAddress(escrow)
	if err != nil {
		return nil, fmt.Errorf("--escrow: %w", err)
	}
	var k *chain.Key
	if sign {
		if k, err = chain.LoadKey(keyPath(c)); err != nil {
			return nil, err
		}
	}
	client, err := evm.Dial(c.Context, c.String("rpc"))
	if err != nil {
		return nil, err
	}
	return evm.Open(c.Context, client, addr, k, 0)
}

func chainCommand() *cli.Command {
	escrow := &cli.StringFlag{Name: "escrow", EnvVars: []string{"RENDERGRID_ESCROW"}, Usage: "the farm's RenderEscrow address"}
	return &cli.Command{
		Name:  "chain",
		Usage: "the farm's contracts on an EVM chain: deploy them, add signers, mint dev tokens",
		Subcommands: []*cli.Command{
			{
				Name:  "deploy",
				Usage: "deploy RenderToken (unless --token), RenderNFT and RenderEscrow; the key owns them and signs for the farm",
				Flags: []cli.Flag{rpcFlag, keyFlag, jsonFlag,
					&cli.StringFlag{Name: "token", Usage: "an existing ERC-20 to settle in, instead of a new RenderToken"},
					&cli.StringFlag{Name: "treasury", Usage: "address that receives the fees (default: the key's)"},
					&cli.StringSliceFlag{Name: "signer", Usage: "another farm signer (a coordinator node's key; repeatable)"},
				},
				Action: func(c *cli.Context) error {
					k, err := chain.LoadKey(keyPath(c))
					if err != nil {
						return err
					}
					if c.String("rpc") == "" {
						return fmt.Errorf("deploy needs --rpc URL")
					}
					client, err := evm.Dial(c.Context, c.String("rpc"))
					if err != nil {
						return err
					}
					var o evm.DeployOptions
					for name, dst := range map[string]*common.Address{"token": &o.Token, "treasury": &o.Treasury} {
						if v := c.String(name); v != "" {
							if *dst, err = chain.ParseAddress(v); err != nil {
								return fmt.Errorf("--%s: %w", name, err)
							}
						}
					}
					for _, s := range c.StringSlice("signer") {
						a, err := chain.ParseAddress(s)
						if err != nil {
							return fmt.Errorf("--signer: %w", err)
						}
						o.Signers = append(o.Signers, a)
					}
					ch, err := evm.Deploy(c.Context, client, k, o, nil)
					if err != nil {
						return err
					}
					out := map[string]any{"chain_id": ch.ChainID, "escrow": ch.EscrowAddr.Hex(), "token": ch.TokenAddr.Hex(), "nft": ch.NFTAddr.Hex(), "owner": k.Address.Hex()}
					if c.Bool("json") {
						return printJSON(out)
					}
					fmt.Printf("chain %d: escrow %s, token %s, NFT %s; owner and signer %s\n", ch.ChainID, ch.EscrowAddr.Hex(), ch.TokenAddr.Hex(), ch.NFTAddr.Hex(), k.Address.Hex())
					fmt.Printf("start coordinators with: --chain evm --rpc %s --escrow %s --key %s\n", c.String("rpc"), ch.EscrowAddr.Hex(), keyPath(c))
					return nil
				},
			},
			{
				Name: "signer", Usage: "allow (or with --revoke, revoke) an address to sign for the farm (the escrow's owner)", ArgsUsage: "ADDRESS",
				Flags: []cli.Flag{rpcFlag, keyFlag, escrow, &cli.BoolFlag{Name: "revoke"}},
				Action: func(c *cli.Context) error {
					a, err := chain.ParseAddress(c.Args().First())
					if err != nil {
						return err
					}
					ch, err := openEVM(c, nil, true)
					if err != nil {
						return err
					}
					return ch.SetSigner(c.Context, a, !c.Bool("revoke"))
				},
			},
			{
				Name: "faucet", Usage: "mint RenderTokens to an address (the token's owner; dev chains)", ArgsUsage: "ADDRESS AMOUNT",
				Flags: []cli.Flag{rpcFlag, keyFlag, escrow},
				Action: func(c *cli.Context) error {
					a, err := chain.ParseAddress(c.Args().First())
					if err != nil {
						return err
					}
					n, err := amountArg(c.Args().Get(1))
					if err != nil {
						return err
					}
					ch, err := openEVM(c, nil, true)
					if err != nil {
						return err
					}
					if err := ch.MintTokens(c.Context, a, n); err != nil {
						return err
					}
					b, err := ch.TokenBalance(c.Context, a)
					fmt.Printf("%s holds %d tokens\n", a.Hex(), b)
					return err
				},
			},
		},
	}
}

// walletChainCommands are wallet's subcommands that cross the bridge.
func walletChainCommands(flags func(...cli.Flag) []cli.Flag) []*cli.Command {
	escrow := &cli.StringFlag{Name: "escrow", EnvVars: []string{"RENDERGRID_ESCROW"}, Usage: "the escrow address (default: the coordinator's)"}
	return []*cli.Command{
		{
			Name: "deposit", Usage: "move tokens from your key's address into your account on the farm (credited once the coordinator sees it)", ArgsUsage: "AMOUNT",
			Flags: flags(rpcFlag, escrow),
			Action: func(c *cli.Context) error {
				n, err := amountArg(c.Args().First())
				if err != nil {
					return err
				}
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				ch, err := openEVM(c, cl, true)
				if err != nil {
					return err
				}
				nonce, err := ch.Deposit(c.Context, n)
				if err != nil {
					return err
				}
				fmt.Printf("deposited %d from %s (deposit %s/%d); the farm credits it after its confirmations\n", n, ch.Key.Address.Hex(), ch.Key.Address.Hex(), nonce)
				return nil
			},
		},
		{
			Name: "withdraw", Usage: "pay tokens from your account on the farm out to an address on chain", ArgsUsage: "AMOUNT",
			Flags: flags(rpcFlag, escrow, &cli.StringFlag{Name: "to", Usage: "the address paid (default: your account's)"},
				&cli.BoolFlag{Name: "voucher-only", Usage: "print the signed voucher instead of submitting it (anyone may submit it)"}),
			Action: func(c *cli.Context) error {
				n, err := amountArg(c.Args().First())
				if err != nil {
					return err
				}
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				if c.String("rpc") == "" && !c.Bool("voucher-only") {
					return fmt.Errorf("withdraw submits the voucher on chain: give --rpc URL, or --voucher-only")
				}
				v, err := cl.Withdraw(c.Context, api.WithdrawRequest{Amount: n, To: c.String("to")})
				if err != nil {
					return err
				}
				if c.Bool("voucher-only") {
					return printJSON(v)
				}
				ch, err := openEVM(c, cl, true)
				if err != nil {
					return fmt.Errorf("%w (the ledger debited %d: the voucher is kept, see wallet withdrawals)", err, n)
				}
				r, err := ch.Withdraw(c.Context, &v.Withdrawal, v.Signature)
				if err != nil {
					return fmt.Errorf("%w (the ledger debited %d: the voucher is kept, see wallet withdrawals)", err, n)
				}
				fmt.Printf("withdrew %d to %s in transaction %s (voucher %d)\n", n, v.Withdrawal.To.Hex(), r.TxHash.Hex(), v.Withdrawal.Nonce)
				return nil
			},
		},
		{
			Name: "withdrawals", Usage: "list your withdrawal vouchers and whether the chain paid them",
			Flags: flags(rpcFlag, escrow),
			Action: func(c *cli.Context) error {
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				vs, err := cl.Withdrawals(c.Context)
				if err != nil {
					return err
				}
				if c.Bool("json") {
					return printJSON(vs)
				}
				var ch *evm.Chain
				if c.String("rpc") != "" {
					if ch, err = openEVM(c, cl, false); err != nil {
						return err
					}
				}
				for _, v := range vs {
					state := "unknown (give --rpc)"
					if ch != nil {
						paid, err := ch.Withdrawn(c.Context, v.Withdrawal.Nonce)
						if err != nil {
							return err
						}
						state = map[bool]string{true: "paid", false: "not submitted"}[paid]
					}
					fmt.Printf("voucher %d: %d to %s, %s\n", v.Withdrawal.Nonce, v.Withdrawal.Amount, v.Withdrawal.To.Hex(), state)
				}
				return nil
			},
		},
	}
}

// fundJob funds an evm-mode job from the artist's key and waits until the
// farm starts it.
func fundJob(c *cli.Context, cl *api.Client, j api.Job) (api.Job, error) {
	ch, err := openEVM(c, cl, true)
	if err != nil {
		return j, fmt.Errorf("job %s waits for %d tokens in the escrow: %w", j.ID, j.Funding.Need, err)
	}
	fmt.Fprintf(os.Stderr, "funding job %s with %d tokens from %s\n", j.ID, j.Funding.Need, ch.Key.Address.Hex())
	if _, err := ch.FundJob(c.Context, j.ID, j.Funding.Need); err != nil {
		return j, err
	}
	return cl.Funded(c.Context, j.ID)
}

func mintCommand() *cli.Command {
	return &cli.Command{
		Name:      "mint",
		Usage:     "mint a rendered frame of your job as an NFT (ERC-721 metadata on IPFS)",
		ArgsUsage: "JOB --frame N",
		Flags: append([]cli.Flag{
			&cli.IntFlag{Name: "frame", Required: true, Usage: "the frame"},
			&cli.StringFlag{Name: "to", Usage: "the address that receives it (default: your account's)"},
			jsonFlag,
		}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("mint needs a job id")
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			t, err := cl.MintNFT(c.Context, c.Args().First(), api.MintRequestNFT{Frame: c.Int("frame"), To: c.String("to")})
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(t)
			}
			where := "in the farm's ledger"
			if t.Chain == api.ChainEVM {
				where = fmt.Sprintf("on contract %s (transaction %s)", t.Contract, t.Tx)
			}
			fmt.Printf("minted token %d to %s %s\nmetadata %s (%s)\n", t.ID, t.Owner, where, t.MetadataCID, t.URI)
			return nil
		},
	}
}

// verifyToken walks from NFT id back to its frame's receipt: the token on
// chain (with --rpc) or in the ledger, its metadata on IPFS, then the
// receipt's checks. It returns the job and frame to verify.
func verifyToken(c *cli.Context, cl *api.Client, id uint64) (string, int, string, error) {
	t, err := cl.NFT(c.Context, id)
	if err != nil {
		return "", 0, "", err
	}
	uri := t.URI
	if t.Chain == api.ChainEVM && c.String("rpc") != "" {
		ch, err := openEVM(c, cl, false)
		if err != nil {
			return "", 0, "", err
		}
		on, err := ch.NFTToken(c.Context, id)
		if err != nil {
			return "", 0, "", err
		}
		if on.Frame != chain.FrameKey(t.Job, t.Frame) {
			return "", 0, "", fmt.Errorf("token %d on chain is frame %s, not frame %d of job %s", id, on.Frame.Hex(), t.Frame, t.Job)
		}
		uri = on.URI
		fmt.Printf("token %d on %s: owner %s, %s\n", id, ch.NFTAddr.Hex(), on.Owner.Hex(), on.URI)
	}
	cidStr, ok := strings.CutPrefix(uri, "ipfs://")
	if !ok {
		return "", 0, "", fmt.Errorf("token %d's URI %q is not ipfs://", id, uri)
	}
	body, err := fetchGateway(c.Context, cl, cidStr)
	if err != nil {
		return "", 0, "", fmt.Errorf("metadata %s: %w", cidStr, err)
	}
	var m api.NFTMetadata
	if err := json.Unmarshal(body, &m); err != nil {
		return "", 0, "", fmt.Errorf("metadata %s is not ERC-721 JSON: %w", cidStr, err)
	}
	if m.Attribute("job") != t.Job || m.Attribute("frame") != fmt.Sprint(t.Frame) {
		return "", 0, "", fmt.Errorf("metadata %s names job %s frame %s, the token is job %s frame %d", cidStr, m.Attribute("job"), m.Attribute("frame"), t.Job, t.Frame)
	}
	fmt.Printf("metadata %s: %q, image %s, receipt %s\n", cidStr, m.Name, m.Image, m.Attribute("receipt"))
	return t.Job, t.Frame, m.Attribute("receipt"), nil
}

// fetchGateway reads a CID from the farm, checked against the CID.
func fetchGateway(ctx context.Context, cl *api.Client, id string) ([]byte, error) {
	s, err := openScratch(ctx, "rendergrid-token-")
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.fetch(ctx, cl, id)
}

// amountArg parses a positive amount of base units.
func amountArg(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("amount %q: give a positive number of base units", s)
	}
	return n, nil
}
