package ipfs

import (
	"context"
	"fmt"
	"io"

	dag "github.com/ipfs/boxo/ipld/merkledag"
	unixfsio "github.com/ipfs/boxo/ipld/unixfs/io"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
)

// blockSource returns the bytes stored under a CID, unverified.
type blockSource interface {
	rawBlock(ctx context.Context, c cid.Cid) ([]byte, error)
	// describe names the source in errors ("the store in DIR", a URL).
	describe() string
}

// verifiedNodes is an ipld.NodeGetter that checks every block it hands out
// against its CID before decoding it, whatever the source.
type verifiedNodes struct{ src blockSource }

var _ ipld.NodeGetter = verifiedNodes{}

// block fetches and verifies the block under c.
func (v verifiedNodes) block(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	if err := checkCID(c); err != nil {
		return nil, err
	}
	data, err := v.src.rawBlock(ctx, c)
	if err != nil {
		return nil, err
	}
	return verifyBlock(c, data, v.src.describe())
}

// Get returns the decoded node under c.
func (v verifiedNodes) Get(ctx context.Context, c cid.Cid) (ipld.Node, error) {
	b, err := v.block(ctx, c)
	if err != nil {
		return nil, err
	}
	return decodeBlock(b)
}

// GetMany fetches nodes one after the other; the sources are local or
// already batched, so concurrency would buy little.
func (v verifiedNodes) GetMany(ctx context.Context, cids []cid.Cid) <-chan *ipld.NodeOption {
	out := make(chan *ipld.NodeOption, len(cids))
	go func() {
		defer close(out)
		for _, c := range cids {
			n, err := v.Get(ctx, c)
			select {
			case out <- &ipld.NodeOption{Node: n, Err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out
}

// decodeBlock decodes a verified raw or dag-pb block.
func decodeBlock(b blocks.Block) (ipld.Node, error) {
	switch b.Cid().Prefix().Codec {
	case cid.Raw:
		return dag.DecodeRawBlock(b)
	case cid.DagProtobuf:
		n, err := dag.DecodeProtobufBlock(b)
		if err != nil {
			return nil, fmt.Errorf("decode dag-pb block %s: %w", b.Cid(), err)
		}
		return n, nil
	}
	return nil, checkCID(b.Cid())
}

// openFile returns a reader of the UnixFS file under c, every block of
// which is verified as it is read.
func openFile(ctx context.Context, src blockSource, c cid.Cid) (io.ReadCloser, error) {
	nodes := verifiedNodes{src}
	root, err := nodes.Get(ctx, c)
	if err != nil {
		return nil, err
	}
	r, err := unixfsio.NewDagReader(ctx, root, nodes)
	if err != nil {
		return nil, fmt.Errorf("read %s as a file: %w", c, err)
	}
	return r, nil
}

// walkDAG calls visit for c and every block below it, each once, in
// depth-first order, verifying every block.
func walkDAG(ctx context.Context, src blockSource, c cid.Cid, visit func(blocks.Block) error) error {
	nodes := verifiedNodes{src}
	seen := cid.NewSet()
	var walk func(c cid.Cid) error
	walk = func(c cid.Cid) error {
		if !seen.Visit(c) {
			return nil
		}
		b, err := nodes.block(ctx, c)
		if err != nil {
			return err
		}
		if err := visit(b); err != nil {
			return err
		}
		if c.Prefix().Codec == cid.Raw {
			return nil
		}
		n, err := decodeBlock(b)
		if err != nil {
			return err
		}
		for _, l := range n.Links() {
			if err := walk(l.Cid); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(c)
}
