package ipfs

import (
	"context"
	"fmt"
	"io"

	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
)

// The import parameters. They are passed to boxo explicitly on every add
// and never read from boxo's process-wide defaults, which other code in the
// same process may change.
const (
	// ChunkSize is the size of every leaf but the last, in bytes.
	ChunkSize = 262144
	// MaxLinks is the most children an interior node has.
	MaxLinks = 174
)

// cidBuilder makes CIDv1 with SHA2-256 for dag-pb nodes; raw leaves get
// the raw codec from the DAG builder.
var cidBuilder = cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256}

// importFile chunks r and writes a balanced UnixFS DAG with raw leaves into
// dag, returning its root. The caller commits dag if it batches.
func importFile(ctx context.Context, r io.Reader, dag ipld.DAGService) (ipld.Node, error) {
	params := helpers.DagBuilderParams{
		Maxlinks:   MaxLinks,
		RawLeaves:  true,
		CidBuilder: cidBuilder,
		Dagserv:    dag,
	}
	db, err := params.New(chunker.NewSizeSplitter(r, ChunkSize))
	if err != nil {
		return nil, fmt.Errorf("set up import: %w", err)
	}
	return balanced.Layout(db)
}

// Hash returns the CID r would be stored under, as `ipfs add
// --only-hash --cid-version=1 --raw-leaves` does, without storing
// anything: for files too large to copy, such as a diffusion checkpoint.
func Hash(ctx context.Context, r io.Reader) (cid.Cid, error) {
	root, err := importFile(ctx, r, discard{})
	if err != nil {
		return cid.Undef, fmt.Errorf("hashing: %w", err)
	}
	return root.Cid(), nil
}

// discard is a DAG service that keeps nothing.
type discard struct{}

func (discard) Add(context.Context, ipld.Node) error        { return nil }
func (discard) AddMany(context.Context, []ipld.Node) error  { return nil }
func (discard) Remove(context.Context, cid.Cid) error       { return nil }
func (discard) RemoveMany(context.Context, []cid.Cid) error { return nil }
func (discard) Get(context.Context, cid.Cid) (ipld.Node, error) {
	return nil, ipld.ErrNotFound{}
}
func (discard) GetMany(context.Context, []cid.Cid) <-chan *ipld.NodeOption {
	ch := make(chan *ipld.NodeOption)
	close(ch)
	return ch
}
