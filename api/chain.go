package api

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/rendergrid/rendergrid/chain"
)

// Chain modes of a farm.
const (
	ChainEmbedded = "embedded" // the Raft ledger holds the money
	ChainEVM      = "evm"      // jobs are funded and settled on an EVM chain
)

// Funding is a job's escrow on an EVM chain (farms in evm mode): the job
// waits, paused, until its Key holds Need tokens from its owner's bound
// address.
type Funding struct {
	Key    string `json:"key"`  // the job's key in the escrow contract
	Need   uint64 `json:"need"` // the job's maximum cost
	Funded uint64 `json:"funded"`
	Seq    uint64 `json:"seq"`              // batches settled on chain
	Owed   uint64 `json:"owed"`             // earned and not yet settled on chain
	Closed bool   `json:"closed,omitempty"` // the last batch refunded the rest
}

// ChainInfo is how a farm keeps its money.
type ChainInfo struct {
	Mode     string `json:"mode"`
	ChainID  uint64 `json:"chain_id"`
	Escrow   string `json:"escrow,omitempty"`
	Token    string `json:"token,omitempty"`
	NFT      string `json:"nft,omitempty"`
	Treasury string `json:"treasury,omitempty"`
}

// WithdrawRequest asks to pay Amount of the caller's embedded balance out
// to To on chain (default: the caller's own address).
type WithdrawRequest struct {
	Amount uint64 `json:"amount"`
	To     string `json:"to,omitempty"`
}

// Voucher is a signed withdrawal: anyone may submit it to the escrow
// contract, which pays it once.
type Voucher struct {
	Withdrawal chain.Withdrawal `json:"withdrawal"`
	Account    string           `json:"account"`
	ChainID    uint64           `json:"chain_id"`
	Signature  hexutil.Bytes    `json:"signature"`
	At         int64            `json:"at"`
}

// MintRequestNFT asks to mint frame Frame of a job as an NFT to To
// (default: the owner's bound address).
type MintRequestNFT struct {
	Frame int    `json:"frame"`
	To    string `json:"to,omitempty"`
}

// NFT is a minted frame.
type NFT struct {
	ID          uint64 `json:"id"`
	Job         string `json:"job"`
	Frame       int    `json:"frame"`
	Owner       string `json:"owner"` // the address it was minted to
	MetadataCID string `json:"metadata_cid"`
	URI         string `json:"uri"`     // ipfs://<metadata CID>
	Receipt     string `json:"receipt"` // the receipt that paid for the frame
	Chain       string `json:"chain"`   // embedded or evm
	Contract    string `json:"contract,omitempty"`
	Tx          string `json:"tx,omitempty"`
	Minted      int64  `json:"minted"`
}

// NFTMetadata is an ERC-721 metadata JSON document (EIP-721, with the
// attributes marketplaces read).
type NFTMetadata struct {
	Name         string         `json:"name"`
	Description  string         `json:"description"`
	Image        string         `json:"image"`
	AnimationURL string         `json:"animation_url,omitempty"`
	Attributes   []NFTAttribute `json:"attributes"`
}

// NFTAttribute is one trait of an NFT.
type NFTAttribute struct {
	TraitType   string `json:"trait_type"`
	Value       any    `json:"value"`
	DisplayType string `json:"display_type,omitempty"`
}

// Attribute returns the value of trait, as text.
func (m *NFTMetadata) Attribute(trait string) string {
	for _, a := range m.Attributes {
		if a.TraitType == trait {
			return fmt.Sprint(a.Value)
		}
	}
	return ""
}

// ChainInfo reads how the farm keeps its money.
func (c *Client) ChainInfo(ctx context.Context) (ChainInfo, error) {
	var out ChainInfo
	return out, c.get(ctx, "/api/v1/chain", &out)
}

// Withdraw debits the caller's embedded balance and returns the signed
// voucher that pays it on chain.
func (c *Client) Withdraw(ctx context.Context, req WithdrawRequest) (Voucher, error) {
	return postFor[Voucher](ctx, c, "/api/v1/wallet/withdraw", req)
}

// Withdrawals lists the caller's vouchers, freshly signed.
func (c *Client) Withdrawals(ctx context.Context) ([]Voucher, error) {
	var out []Voucher
	return out, c.get(ctx, "/api/v1/wallet/withdrawals", &out)
}

// Funded asks the farm to look for job's funding on chain now.
func (c *Client) Funded(ctx context.Context, job string) (Job, error) {
	return postFor[Job](ctx, c, "/api/v1/jobs/"+job+"/funded", struct{}{})
}

// MintNFT mints a frame of job as an NFT.
func (c *Client) MintNFT(ctx context.Context, job string, req MintRequestNFT) (NFT, error) {
	return postFor[NFT](ctx, c, "/api/v1/jobs/"+job+"/mint", req)
}

// NFT reads a minted token.
func (c *Client) NFT(ctx context.Context, id uint64) (NFT, error) {
	var out NFT
	return out, c.get(ctx, fmt.Sprintf("/api/v1/nfts/%d", id), &out)
}
