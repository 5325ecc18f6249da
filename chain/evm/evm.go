package evm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/chain/contracts"
)

// Client is what this package needs of a node: go-ethereum's ethclient,
// or its simulated backend's client in tests.
type Client interface {
	bind.ContractBackend
	bind.DeployBackend
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
}

// Dial connects to the JSON-RPC endpoint url and checks that it answers.
func Dial(ctx context.Context, url string) (*ethclient.Client, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect to the chain at %s: %w", url, err)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := c.ChainID(cctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("the chain at %s does not answer eth_chainId (is it an Ethereum JSON-RPC endpoint?): %w", url, err)
	}
	return c, nil
}

// Chain is one farm's contracts on one chain, and the key that sends its
// transactions.
type Chain struct {
	Client  Client
	Key     *chain.Key
	ChainID uint64

	EscrowAddr common.Address
	TokenAddr  common.Address
	NFTAddr    common.Address
	Escrow     *contracts.RenderEscrow
	Token      *contracts.RenderToken // any ERC-20's methods bind the same
	NFT        *contracts.RenderNFT

	// Confirmations is how many blocks must follow a transaction's block
	// before it counts (0: mined is enough).
	Confirmations uint64
	// Mine, when set, is called after each transaction is sent: the
	// simulated backend's Commit. Real nodes mine on their own.
	Mine func()
	// Poll is how often receipts and blocks are polled (default 200 ms).
	Poll time.Duration
}

// Open binds the farm's contracts at escrow, reading the token and NFT
// addresses from it. wantChainID, when not 0, must be the node's chain id.
func Open(ctx context.Context, c Client, escrow common.Address, key *chain.Key, wantChainID uint64) (*Chain, error) {
	id, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain id: %w", err)
	}
	if wantChainID != 0 && id.Uint64() != wantChainID {
		return nil, fmt.Errorf("the node is on chain %d but the farm uses chain %d: check the RPC URL and the farm's chain id", id.Uint64(), wantChainID)
	}
	code, err := c.CodeAt(ctx, escrow, nil)
	if err != nil {
		return nil, fmt.Errorf("read the escrow contract's code: %w", err)
	}
	if len(code) == 0 {
		return nil, fmt.Errorf("there is no contract at %s on chain %d: check the escrow address (rendergrid chain deploy prints it)", escrow.Hex(), id.Uint64())
	}
	ch := &Chain{Client: c, Key: key, ChainID: id.Uint64(), EscrowAddr: escrow}
	if ch.Escrow, err = contracts.NewRenderEscrow(escrow, c); err != nil {
		return nil, err
	}
	call := &bind.CallOpts{Context: ctx}
	if ch.TokenAddr, err = ch.Escrow.Token(call); err != nil {
		return nil, fmt.Errorf("the contract at %s is not a rendergrid escrow: %w", escrow.Hex(), err)
	}
	if ch.NFTAddr, err = ch.Escrow.Nft(call); err != nil {
		return nil, fmt.Errorf("read the escrow's NFT contract: %w", err)
	}
	if ch.Token, err = contracts.NewRenderToken(ch.TokenAddr, c); err != nil {
		return nil, err
	}
	if ch.NFT, err = contracts.NewRenderNFT(ch.NFTAddr, c); err != nil {
		return nil, err
	}
	return ch, nil
}

// DeployOptions says what Deploy creates.
type DeployOptions struct {
	Token    common.Address   // an existing ERC-20; zero deploys a RenderToken owned by the key
	Treasury common.Address   // receives fees; zero is the key's address
	Signers  []common.Address // farm signers besides the key
}

// Deploy creates the NFT, the token (unless given) and the escrow, with
// the key as the escrow's owner, a signer and the NFT's minter.
func Deploy(ctx context.Context, c Client, key *chain.Key, o DeployOptions, mine func()) (*Chain, error) {
	ch := &Chain{Client: c, Key: key, Mine: mine}
	id, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain id: %w", err)
	}
	ch.ChainID = id.Uint64()
	if o.Treasury == (common.Address{}) {
		o.Treasury = key.Address
	}
	token := o.Token
	if token == (common.Address{}) {
		_, err := ch.transact(ctx, "deploy the token", func(t *bind.TransactOpts) (*types.Transaction, error) {
			a, tx, _, err := contracts.DeployRenderToken(t, c, key.Address)
			token = a
			return tx, err
		})
		if err != nil {
			return nil, err
		}
	}
	var nft common.Address
	if _, err := ch.transact(ctx, "deploy the NFT contract", func(t *bind.TransactOpts) (*types.Transaction, error) {
		a, tx, _, err := contracts.DeployRenderNFT(t, c, key.Address)
		nft = a
		return tx, err
	}); err != nil {
		return nil, err
	}
	var escrow common.Address
	signers := append([]common.Address{key.Address}, o.Signers...)
	if _, err := ch.transact(ctx, "deploy the escrow", func(t *bind.TransactOpts) (*types.Transaction, error) {
		a, tx, _, err := contracts.DeployRenderEscrow(t, c, token, o.Treasury, nft, signers)
		escrow = a
		return tx, err
	}); err != nil {
		return nil, err
	}
	opened, err := Open(ctx, c, escrow, key, 0)
	if err != nil {
		return nil, err
	}
	opened.Mine = mine
	return opened, nil
}

// transact sends the transaction f builds with the key, waits for it to be
// mined and confirmed, and turns a revert into an error naming its reason.
func (ch *Chain) transact(ctx context.Context, what string, f func(*bind.TransactOpts) (*types.Transaction, error)) (*types.Receipt, error) {
	if ch.Key == nil {
		return nil, fmt.Errorf("%s: no key to sign with: give the chain a signing key", what)
	}
	opts, err := bind.NewKeyedTransactorWithChainID(ch.Key.Private, new(big.Int).SetUint64(ch.ChainID))
	if err != nil {
		return nil, err
	}
	opts.Context = ctx
	tx, err := f(opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, explain(err))
	}
	if ch.Mine != nil {
		ch.Mine()
	}
	r, err := ch.wait(ctx, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: transaction %s: %w", what, tx.Hash().Hex(), err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("%s: transaction %s reverted in block %d%s", what, tx.Hash().Hex(), r.BlockNumber, ch.replay(ctx, opts.From, tx, r.BlockNumber))
	}
	return r, ch.confirm(ctx, r.BlockNumber.Uint64())
}

// replay re-runs a reverted transaction as a call to read its reason.
func (ch *Chain) replay(ctx context.Context, from common.Address, tx *types.Transaction, block *big.Int) string {
	_, err := ch.Client.CallContract(ctx, ethereum.CallMsg{From: from, To: tx.To(), Gas: tx.Gas(), Value: tx.Value(), Data: tx.Data()}, block)
	if err == nil {
		return " (out of gas?)"
	}
	return ": " + explain(err).Error()
}

func (ch *Chain) poll() time.Duration {
	if ch.Poll > 0 {
		return ch.Poll
	}
	if ch.Mine != nil {
		return 5 * time.Millisecond
	}
	return 200 * time.Millisecond
}

// wait polls for the receipt of hash.
func (ch *Chain) wait(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	for {
		r, err := ch.Client.TransactionReceipt(ctx, hash)
		if err == nil {
			return r, nil
		}
		// geth answers "transaction indexing is in progress" while it
		// indexes after a start: not yet known, like NotFound.
		if !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "indexing is in progress") {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("not mined yet: %w", ctx.Err())
		case <-time.After(ch.poll()):
		}
	}
}

// confirm waits until block has Confirmations blocks after it.
func (ch *Chain) confirm(ctx context.Context, block uint64) error {
	for ch.Confirmations > 0 {
		head, err := ch.Client.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("read the head block: %w", err)
		}
		if head >= block+ch.Confirmations {
			return nil
		}
		if ch.Mine != nil {
			ch.Mine()
			continue
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d confirmations of block %d (head %d): %w", ch.Confirmations, block, head, ctx.Err())
		case <-time.After(ch.poll()):
		}
	}
	return nil
}

// errorABIs are the ABIs whose custom errors a revert may carry.
var errorABIs = func() []*abi.ABI {
	var out []*abi.ABI
	for _, m := range []*bind.MetaData{contracts.RenderEscrowMetaData, contracts.RenderNFTMetaData, contracts.RenderTokenMetaData} {
		a, err := m.GetAbi()
		if err != nil {
			panic(err)
		}
		out = append(out, a)
	}
	return out
}()

// explain rewrites a node's error: revert data becomes the contract
// error's name and arguments.
func explain(err error) error {
	var de interface{ ErrorData() any }
	if !errors.As(err, &de) {
		return err
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return err
	}
	data, derr := hexutil.Decode(s)
	if derr != nil || len(data) < 4 {
		return err
	}
	if reason, uerr := abi.UnpackRevert(data); uerr == nil {
		return fmt.Errorf("reverted: %s: %w", reason, ErrReverted)
	}
	for _, a := range errorABIs {
		for name, e := range a.Errors {
			if !bytes.Equal(e.ID[:4], data[:4]) {
				continue
			}
			vals, uerr := e.Inputs.Unpack(data[4:])
			if uerr != nil {
				continue
			}
			args := make([]string, len(vals))
			for i, v := range vals {
				args[i] = e.Inputs[i].Name + "=" + format(v)
			}
			return fmt.Errorf("reverted: %s(%s): %w", name, strings.Join(args, ", "), ErrReverted)
		}
	}
	return fmt.Errorf("reverted with data %s: %w", s, ErrReverted)
}

// ErrReverted marks an error from a reverted transaction or call.
var ErrReverted = errors.New("the contract refused")

func format(v any) string {
	switch x := v.(type) {
	case [32]byte:
		return common.Hash(x).Hex()
	case common.Address:
		return x.Hex()
	}
	return fmt.Sprint(v)
}
