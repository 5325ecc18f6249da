package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/rendergrid/rendergrid/chain"
)

// Job states.
const (
	JobQueued   = "queued"   // submitted, no frame started
	JobRunning  = "running"  // at least one frame leased or done
	JobPaused   = "paused"   // no new leases; running frames finish
	JobDone     = "done"     // every frame done or failed, under the failure threshold
	JobFailed   = "failed"   // failed frames reached the job's threshold
	JobCanceled = "canceled" // canceled by its owner
)

// Frame states. A frame with tiles has one entry per tile.
const (
	FrameQueued   = "queued"
	FrameLeased   = "leased"
	FrameDone     = "done"
	FrameFailed   = "failed"
	FrameCanceled = "canceled"
)

// Roles of API tokens.
const (
	RoleAdmin  = "admin"  // operators: everything, every job
	RoleArtist = "artist" // submit and manage their own jobs
	RoleEnrol  = "enrol"  // a worker enrolment token: register only
	RoleWorker = "worker" // a registered worker's own token
)

// Limits on a job spec.
const (
	MaxFrames = 100_000 // frames per job
	MaxTiles  = 64      // tiles per side
	MaxTags   = 32
	MaxFiles  = 4096 // files of a .blend job's tree
)

// JobSpec is what an artist submits: a scene by CID and how to render it.
type JobSpec struct {
	Name       string   `json:"name,omitempty"`
	Scene      string   `json:"scene"`                // CID of the scene file (.glb, or self-contained .gltf)
	SceneName  string   `json:"scene_name,omitempty"` // file name, for messages and the loader
	FrameStart int      `json:"frame_start"`
	FrameEnd   int      `json:"frame_end"` // inclusive
	Width      int      `json:"width"`
	Height     int      `json:"height"`
	SPP        int      `json:"spp"`
	MaxBounces int      `json:"max_bounces,omitempty"`
	Seed       uint32   `json:"seed,omitempty"`
	Camera     string   `json:"camera,omitempty"`
	FPS        float64  `json:"fps,omitempty"`
	TilesX     int      `json:"tiles_x,omitempty"` // 0 or 1: whole frames
	TilesY     int      `json:"tiles_y,omitempty"`
	Priority   int      `json:"priority,omitempty"` // higher first
	Chunk      int      `json:"chunk,omitempty"`    // frames per lease; 0: auto
	Engine     string   `json:"engine,omitempty"`   // required engine; empty: any
	Tags       []string `json:"tags,omitempty"`     // tags a worker must have
	// Retry is the failure policy; nil takes DefaultRetry. A zero field in
	// a given policy switches that rule off.
	Retry *RetryPolicy `json:"retry,omitempty"`
	// Price is what each frame pays its worker, from the artist's escrow.
	Price chain.Price `json:"price,omitzero"`
	// Verify is the proof-of-render policy: "sample" (default), "none" or
	// "redundant".
	Verify string `json:"verify,omitempty"`
	// Redundancy is the percentage of frames the redundant policy renders
	// twice; default 10.
	Redundancy int `json:"redundancy,omitempty"`
	// Type is the kind of job: JobRender (the default), JobUpscale or
	// JobTxt2Img. An AI job's Scene is its model's CID, and its frames are
	// its images.
	Type    string       `json:"type,omitempty"`
	Upscale *UpscaleSpec `json:"upscale,omitempty"`
	Txt2Img *Txt2ImgSpec `json:"txt2img,omitempty"`

	// Public makes the job's files (scene, map, inputs and outputs)
	// readable by anyone through the coordinators' gateways; otherwise
	// only its owner, operators and workers read them.
	Public bool `json:"public,omitempty"`

	// Env is the CID of an environment map (.hdr or .exr, equirectangular
	// as Blender's world) that lights a render job; EnvName is its file
	// name. EnvStrength multiplies it (1 when Env is set and this is 0) and
	// EnvRotation turns it about the up axis, in degrees.
	Env         string  `json:"env,omitempty"`
	EnvName     string  `json:"env_name,omitempty"`
	EnvStrength float64 `json:"env_strength,omitempty"`
	EnvRotation float64 `json:"env_rotation,omitempty"`
	// Background is a constant sky radiance (linear RGB) for a job without
	// Env.
	Background *[3]float64 `json:"background,omitempty"`
	// FilmTransparent makes the seen background transparent (RGBA output).
	FilmTransparent bool `json:"film_transparent,omitempty"`

	// Passes are the render passes (render.PassNames: albedo, normal,
	// depth, emission, variance) each unit's output holds beside the beauty;
	// a job with passes outputs linear OpenEXR in Blender's multilayer
	// layout instead of PNG.
	Passes []string `json:"passes,omitempty"`
	// Denoise adds to each unit a denoised PNG derived from its raw EXR
	// output (which then holds every pass the denoiser needs); the receipt
	// commits to the raw output, and the denoised one is checked by
	// recomputing it.
	Denoise bool `json:"denoise,omitempty"`
	// NoiseThreshold, above 0, samples adaptively: SPP is the cap, MinSPP
	// (0: render.DefaultMinSPP) the floor, and a unit is paid for the
	// samples it took.
	NoiseThreshold float64 `json:"noise_threshold,omitempty"`
	MinSPP         int     `json:"min_spp,omitempty"`

	// Blender pins the Blender version of a .blend job (engine
	// "blender"): only workers with that version take it. Empty: any.
	Blender string `json:"blender,omitempty"`
	// Files are what a .blend job's scene reads besides itself (textures,
	// linked libraries, caches), each stored under its CID and placed at
	// its Path in the job's folder on the worker; the .blend sits in that
	// folder at SceneDir/SceneName, so that its relative paths
	// ("//textures/a.png", "//../lib/b.blend") resolve as on the artist's
	// disk.
	Files    []FileRef `json:"files,omitempty"`
	SceneDir string    `json:"scene_dir,omitempty"`
	// BlenderDevice is the Cycles device a .blend job renders on: "CPU"
	// (the default, "" reads as it) or a GPU backend (BlenderDevices).
	// Cycles' pixels hold only within one device class, so a job pins one:
	// its redundant renders then agree, and only workers with that device
	// take it.
	BlenderDevice string `json:"blender_device,omitempty"`
}

// BlenderDevices are the Cycles devices a .blend job may pin: the CPU
// and the GPU backends, fastest first.
var BlenderDevices = []string{"CPU", "OPTIX", "CUDA", "HIP", "ONEAPI", "METAL"}

// Device is the Cycles device a .blend job renders on ("CPU" when unset).
func (s JobSpec) Device() string {
	if s.BlenderDevice == "" {
		return "CPU"
	}
	return s.BlenderDevice
}

// FileRef is one file of a .blend job's folder: its slash-separated path
// in the folder and its CID.
type FileRef struct {
	Path string `json:"path"`
	CID  string `json:"cid"`
}

// EngineBlender is the engine of .blend jobs: Blender (Cycles) on the
// workers that have it.
const EngineBlender = "blender"

// EXR reports whether the job's units output linear OpenEXR with passes
// (rather than 8-bit PNG).
func (s JobSpec) EXR() bool { return len(s.Passes) > 0 || s.Denoise }

// Adaptive reports whether the job samples adaptively.
func (s JobSpec) Adaptive() bool { return s.NoiseThreshold > 0 }

// Output is the canonical text of what a unit's output holds beyond an
// 8-bit image at a fixed number of samples (passes, denoising, adaptive
// sampling); empty when nothing.
func (s JobSpec) Output() string {
	var parts []string
	if len(s.Passes) > 0 {
		parts = append(parts, "passes="+strings.Join(s.Passes, ","))
	}
	if s.Denoise {
		parts = append(parts, "denoise")
	}
	if s.Adaptive() {
		parts = append(parts, "noise="+strconv.FormatFloat(s.NoiseThreshold, 'g', -1, 64)+" min_spp="+strconv.Itoa(s.MinSPP))
	}
	if s.Blender != "" {
		parts = append(parts, "blender="+s.Blender)
	}
	if s.BlenderDevice != "" && s.BlenderDevice != "CPU" {
		parts = append(parts, "device="+s.BlenderDevice)
	}
	if len(s.Files) > 0 || s.SceneDir != "" {
		h := sha256.New()
		fmt.Fprintf(h, "%s\n", s.SceneDir)
		for _, f := range s.Files {
			fmt.Fprintf(h, "%s\x00%s\n", f.Path, f.CID)
		}
		parts = append(parts, "files="+hex.EncodeToString(h.Sum(nil)))
	}
	return strings.Join(parts, " ")
}

// CheckFileName refuses a name that fetch could not use as a plain file
// name: one with a path separator, ".", "..", or a control character.
// Job names and input names become the names of the files fetch writes.
func CheckFileName(name string) error {
	if name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
		return fmt.Errorf("name %q is a path, not a file name", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("name %q has a control character", name)
		}
	}
	return nil
}

// CheckTreePath refuses a path of a job's folder that could leave the
// folder or that a file system could not take: empty, absolute, not in
// clean form ("a//b", "a/./b", "a/"), with a ".." element, a backslash or
// a control character, an element over 255 bytes, or over 1,024 bytes in
// all.
func CheckTreePath(p string) error {
	if p == "" || len(p) > 1024 {
		return fmt.Errorf("path %q is empty or over 1024 bytes", p)
	}
	if path.IsAbs(p) || path.Clean(p) != p {
		return fmt.Errorf("path %q is not a clean relative path (like textures/wood.png)", p)
	}
	for _, el := range strings.Split(p, "/") {
		if len(el) > 255 {
			return fmt.Errorf("path %q has an element over 255 bytes", p)
		}
		if err := CheckFileName(el); err != nil {
			return fmt.Errorf("path %q: %w", p, err)
		}
	}
	return nil
}

// Lighting is the canonical text of what lights a render job beyond its
// scene file (empty when nothing does); receipts commit to it.
func (s JobSpec) Lighting() string {
	var b strings.Builder
	if s.Env != "" {
		fmt.Fprintf(&b, "env=%s strength=%s rotation=%s", s.Env,
			strconv.FormatFloat(s.EnvStrength, 'g', -1, 64), strconv.FormatFloat(s.EnvRotation, 'g', -1, 64))
	}
	if bg := s.Background; bg != nil {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "background=%s,%s,%s", strconv.FormatFloat(bg[0], 'g', -1, 64),
			strconv.FormatFloat(bg[1], 'g', -1, 64), strconv.FormatFloat(bg[2], 'g', -1, 64))
	}
	if s.FilmTransparent {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("film=transparent")
	}
	return b.String()
}

// Params are the render parameters of one tile (or the whole frame) of
// frame frame that a receipt commits to.
func (s JobSpec) Params(frame, tile int) chain.Params {
	return chain.Params{Width: s.Width, Height: s.Height, SPP: s.SPP, MaxBounces: s.MaxBounces, Seed: s.Seed,
		Camera: s.Camera, FPS: s.FPS, Region: s.TileRegion(tile), Work: s.Work(frame), Lighting: s.Lighting(), Output: s.Output()}
}

// RetryPolicy says when frames and jobs fail and workers are blocklisted.
type RetryPolicy struct {
	// MaxWorkers: a frame that failed on this many distinct workers fails.
	MaxWorkers int `json:"max_workers"`
	// BlocklistAfter: a worker that failed this many frames of the job gets
	// no more of them.
	BlocklistAfter int `json:"blocklist_after"`
	// FailPercent: the job fails once this percentage of its frames failed.
	FailPercent int `json:"fail_percent"`
	// MaxRuntimeSec: a frame leased longer than this is flagged stuck.
	MaxRuntimeSec int `json:"max_runtime_sec"`
}

// DefaultRetry is the policy of a job that does not give one.
var DefaultRetry = RetryPolicy{MaxWorkers: 3, BlocklistAfter: 3, FailPercent: 50, MaxRuntimeSec: 3600}

// Job is a job as the API shows it.
type Job struct {
	ID        string      `json:"id"`
	Owner     string      `json:"owner"`
	Spec      JobSpec     `json:"spec"`
	Retry     RetryPolicy `json:"retry"`
	State     string      `json:"state"`
	Priority  int         `json:"priority"`
	Submitted int64       `json:"submitted"` // unix milliseconds
	Finished  int64       `json:"finished,omitempty"`
	Units     int         `json:"units"` // frames × tiles
	Counts    Counts      `json:"counts"`
	Blocklist []string    `json:"blocklist,omitempty"` // workers that get no more of its frames
	Reason    string      `json:"reason,omitempty"`    // why it failed
	Escrow    *Escrow     `json:"escrow,omitempty"`
	Funding   *Funding    `json:"funding,omitempty"` // evm farms: the job's escrow on chain
	FeeBPS    uint64      `json:"fee_bps"`           // network fee, basis points of each frame's price
	Log       []string    `json:"log,omitempty"`     // verification verdicts and other job events
	// Archive is the CID of the job's archive (the job, its frames and
	// receipts as JSON) once the job has left the coordinators' state.
	Archive string `json:"archive,omitempty"`
}

// JobArchive is what an archived job leaves on IPFS.
type JobArchive struct {
	Job      Job     `json:"job"`
	Frames   []Frame `json:"frames"`
	Archived int64   `json:"archived"` // unix milliseconds
}

// Escrow is what a job's artist locked and where it went, in base units.
type Escrow struct {
	Payer    string `json:"payer"`
	Locked   uint64 `json:"locked"`
	Paid     uint64 `json:"paid"`
	Fees     uint64 `json:"fees"`
	Refunded uint64 `json:"refunded"`
	Left     uint64 `json:"left"`
}

// Counts are a job's frames (tiles) by state.
type Counts struct {
	Queued   int `json:"queued"`
	Leased   int `json:"leased"`
	Done     int `json:"done"`
	Failed   int `json:"failed"`
	Canceled int `json:"canceled"`
	Stuck    int `json:"stuck"`
}

// Frame is one frame (or one tile of a frame) of a job.
type Frame struct {
	Job      string   `json:"job"`
	Frame    int      `json:"frame"`
	Tile     int      `json:"tile"` // 0 when the job has no tiles
	Region   [4]int   `json:"region,omitempty"`
	State    string   `json:"state"`
	Worker   string   `json:"worker,omitempty"`
	Lease    uint64   `json:"lease,omitempty"`
	Attempts int      `json:"attempts"`
	FailedOn []string `json:"failed_on,omitempty"`
	Output   string   `json:"output,omitempty"` // CID of the output: a PNG, or an EXR with passes
	// Denoised is the CID of the denoised PNG of a job with denoise.
	Denoised string `json:"denoised,omitempty"`
	Samples  int64  `json:"samples,omitempty"`
	RenderMS int64  `json:"render_ms,omitempty"`
	Engine   string `json:"engine,omitempty"`
	Started  int64  `json:"started,omitempty"`
	Finished int64  `json:"finished,omitempty"`
	Stuck    bool   `json:"stuck,omitempty"`
	Error    string `json:"error,omitempty"`
	// Meta describes an AI frame: type, backend, model, seed, sampler,
	// prompt or input, and phash (the output's perceptual hash).
	Meta map[string]string `json:"meta,omitempty"`
	// Receipts are the accepted, countersigned receipts that paid for it
	// (two under the redundant policy).
	Receipts []chain.Signed `json:"receipts,omitempty"`
}

// Unit names one frame, or one tile of a frame, within a job.
type Unit struct {
	Frame int `json:"frame"`
	Tile  int `json:"tile"`
}

// Capabilities are what a worker reports about itself.
type Capabilities struct {
	Name    string   `json:"name"`
	Engines []string `json:"engines"`
	GPU     string   `json:"gpu,omitempty"`
	VRAMMB  int      `json:"vram_mb,omitempty"`
	Vulkan  string   `json:"vulkan,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Threads int      `json:"threads,omitempty"`
	// Models are the AI models the worker holds, by CID, and the backend
	// that runs each.
	Models []ModelCap `json:"models,omitempty"`
	// Blender is the version of the Blender the worker renders .blend jobs
	// with (engine "blender"); empty without one.
	Blender string `json:"blender,omitempty"`
	// BlenderDevices are the Cycles devices that Blender renders on here:
	// "CPU" and the GPU backends it found (api.BlenderDevices).
	BlenderDevices []string `json:"blender_devices,omitempty"`
	// SamplesSec is the worker's measured speed on the reference scene,
	// camera paths per second; quotes estimate time with it.
	SamplesSec float64 `json:"samples_sec,omitempty"`
}

// Worker is a registered worker.
type Worker struct {
	ID         string       `json:"id"`
	Caps       Capabilities `json:"caps"`
	Registered int64        `json:"registered"`
	LastSeen   int64        `json:"last_seen"`
	Done       int          `json:"done"`
	Failed     int          `json:"failed"`
	// Owner is the user whose enrolment token registered it; Paused says
	// the farm gives it no new work.
	Owner  string `json:"owner,omitempty"`
	Paused bool   `json:"paused,omitempty"`
	// Lease is what it holds now.
	Lease *WorkerLease `json:"lease,omitempty"`
	// Earned is what accepted frames paid it (settled, in base units) and
	// Held the renders held unpaid until a second worker's agrees.
	Earned       uint64 `json:"earned"`
	EarnedFrames int    `json:"earned_frames"`
	Held         int    `json:"held,omitempty"`
	// Pending is what an EVM farm owes it on chain, not yet paid by the
	// contract (part of Earned).
	Pending uint64 `json:"pending,omitempty"`
	// Blocked lists the jobs that blocklisted it.
	Blocked []string `json:"blocked,omitempty"`
}

// WorkerLease is a worker's current lease, as the workers list shows it.
type WorkerLease struct {
	ID    uint64 `json:"id"`
	Job   string `json:"job"`
	Units int    `json:"units"` // still open
}

// RegisterRequest enrols a worker. Its id is its Ethereum address, proved
// by a signature of chain.RegisterMessage.
type RegisterRequest struct {
	Address   string        `json:"address"`
	Nonce     string        `json:"nonce"` // from Challenge
	Signature hexutil.Bytes `json:"signature"`
	Caps      Capabilities  `json:"caps"`
}

// RegisterResponse carries the worker's id and its own API token, which it
// keeps beside its key.
type RegisterResponse struct {
	ID    string `json:"id"`
	Token string `json:"token"`
}

// ClaimRequest asks for work; the call waits up to WaitMS for some.
type ClaimRequest struct {
	WaitMS int `json:"wait_ms,omitempty"`
}

// Lease is work granted to one worker: some units of one job. Its ID is
// the fencing epoch: only the current lease of a unit may complete it.
type Lease struct {
	ID       uint64  `json:"id"`
	Job      string  `json:"job"`
	Spec     JobSpec `json:"spec"`
	Units    []Unit  `json:"units"`
	TTLMS    int64   `json:"ttl_ms"`
	Deadline int64   `json:"deadline"`
	ChainID  uint64  `json:"chain_id"` // the chain id receipts are signed for
}

// Receipt is the receipt a worker signs for unit u of the lease.
func (l *Lease) Receipt(u Unit, worker common.Address, output string, samples, renderMS uint64, engine string) chain.Receipt {
	return chain.Receipt{
		Job: l.Job, Frame: uint64(u.Frame), Tile: uint64(u.Tile), LeaseEpoch: l.ID, SceneCID: l.Spec.Scene,
		ParamsHash: l.Spec.Params(u.Frame, u.Tile).Hash(), OutputCID: output, Samples: samples, RenderMS: renderMS,
		Engine: engine, Worker: worker, ChainID: l.ChainID,
	}
}

// HeartbeatRequest renews a lease and reports progress (0..1 of the
// current unit).
type HeartbeatRequest struct {
	Lease    uint64  `json:"lease"`
	Unit     Unit    `json:"unit"`
	Progress float64 `json:"progress"`
}

// HeartbeatResponse tells the worker how long the lease now lasts, and
// whether to stop (the job was canceled or the lease is gone).
type HeartbeatResponse struct {
	TTLMS int64 `json:"ttl_ms"`
	Stop  bool  `json:"stop"`
}

// CompleteRequest reports a rendered unit with the worker's signed
// receipt; the output is already stored under Receipt.OutputCID (uploaded
// as a CAR).
type CompleteRequest struct {
	Receipt   chain.Receipt `json:"receipt"`
	Signature hexutil.Bytes `json:"signature"`
	Log       []string      `json:"log,omitempty"`
	// Denoised is the CID of the denoised PNG of a job with denoise: it is
	// derived from the raw output the receipt commits to, and the
	// coordinator checks it by recomputing it, so it is not signed.
	Denoised string `json:"denoised,omitempty"`
}

// Complete signs r with key and makes the request that reports it.
func Complete(key *chain.Key, r chain.Receipt, log []string) (CompleteRequest, error) {
	sig, err := r.Sign(key)
	if err != nil {
		return CompleteRequest{}, err
	}
	return CompleteRequest{Receipt: r, Signature: sig, Log: log}, nil
}

// Unit is the unit the receipt is for.
func (c CompleteRequest) Unit() Unit {
	return Unit{Frame: int(c.Receipt.Frame), Tile: int(c.Receipt.Tile)}
}

// FailRequest reports a unit the worker could not render.
type FailRequest struct {
	Lease uint64   `json:"lease"`
	Unit  Unit     `json:"unit"`
	Error string   `json:"error"`
	Log   []string `json:"log,omitempty"`
}

// ReleaseRequest hands a lease's unfinished units back, as a draining
// worker does.
type ReleaseRequest struct {
	Lease uint64 `json:"lease"`
	// All hands back every lease the worker holds (Lease is ignored): a
	// worker that stops calls it last, for a lease granted to a claim it
	// gave up waiting for.
	All bool `json:"all,omitempty"`
}

// ActionRequest changes a job: pause, resume, cancel, retry or priority.
type ActionRequest struct {
	Action   string `json:"action"`
	Priority int    `json:"priority,omitempty"`
}

// Job actions.
const (
	ActionPause    = "pause"
	ActionResume   = "resume"
	ActionCancel   = "cancel"
	ActionRetry    = "retry"
	ActionPriority = "priority"
)

// Log is the tail of a frame's log.
type Log struct {
	Job   string   `json:"job"`
	Frame int      `json:"frame"`
	Tile  int      `json:"tile"`
	Lines []string `json:"lines"`
}

// TokenRequest creates an API token.
type TokenRequest struct {
	User string `json:"user"`
	Role string `json:"role,omitempty"` // default artist
	// TTLSeconds is the token's life (0: an enrol token lives a week,
	// others until revoked); Uses how many workers an enrol token may
	// register (0: any number).
	TTLSeconds int64 `json:"ttl_s,omitempty"`
	Uses       int   `json:"uses,omitempty"`
}

// TokenResponse carries a new token; it is shown once and stored hashed.
type TokenResponse struct {
	ID      string `json:"id"`
	User    string `json:"user"`
	Role    string `json:"role"`
	Token   string `json:"token"`
	Expires int64  `json:"expires,omitempty"` // unix ms
}

// TokenInfo is a token as operators list it: never the token itself.
type TokenInfo struct {
	ID      string `json:"id"` // what token revoke takes
	User    string `json:"user"`
	Role    string `json:"role"`
	Created int64  `json:"created,omitempty"` // unix ms
	Expires int64  `json:"expires,omitempty"` // unix ms; 0: never
	Uses    int    `json:"uses,omitempty"`    // registrations an enrol token has left; 0: any number
}

// RevokeRequest revokes the token with the given id.
type RevokeRequest struct {
	ID string `json:"id"`
}

// Challenge is a registration challenge: a worker signs
// chain.RegisterMessage with its nonce, once, within ten minutes.
type Challenge struct {
	Nonce   string `json:"nonce"`
	ChainID uint64 `json:"chain_id"`
}

// Node is a coordinator in the cluster.
type Node struct {
	ID     string `json:"id"`
	Raft   string `json:"raft"`
	HTTP   string `json:"http"`
	Voter  bool   `json:"voter"`
	Leader bool   `json:"leader"`
}

// Cluster is the cluster as one node sees it.
type Cluster struct {
	Leader string `json:"leader"`
	Nodes  []Node `json:"nodes"`
	// Signers are the addresses whose acceptances of receipts the cluster
	// stands behind: every node's signing key, past members' included.
	Signers []string `json:"signers"`
	ChainID uint64   `json:"chain_id"`
}

// ClusterSecret is the secret (hex) that authenticates a cluster's Raft
// connections when its Raft port does not use mutual TLS; a node fetches
// it with an admin token before it joins.
type ClusterSecret struct {
	RaftSecret string `json:"raft_secret"`
}

// Whoami is who a token belongs to.
type Whoami struct {
	User    string `json:"user"`
	Role    string `json:"role"`
	Account string `json:"account,omitempty"` // the bound (or worker) address
}

// JoinRequest adds a coordinator to the cluster.
type JoinRequest struct {
	ID   string `json:"id"`
	Raft string `json:"raft"`
	HTTP string `json:"http"`
}

// Event is one Server-Sent Event of a job's progress.
type Event struct {
	Type     string  `json:"type"` // "job", "frame" or "progress"
	Job      string  `json:"job"`
	State    string  `json:"state,omitempty"`
	Frame    *Frame  `json:"frame,omitempty"`
	Counts   *Counts `json:"counts,omitempty"`
	Unit     *Unit   `json:"unit,omitempty"`
	Progress float64 `json:"progress,omitempty"`
	Worker   string  `json:"worker,omitempty"`
}

// Error is the body of every 4xx and 5xx answer.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"error"`
}

func (e *Error) Error() string { return e.Message }

// Upload answers a CAR upload.
type Upload struct {
	CID      string `json:"cid"`
	Replicas int    `json:"replicas"` // coordinators that stored it
	Nodes    int    `json:"nodes"`    // coordinators in the cluster
}

// Storage is what an artist's uploads count against their stored-bytes
// quota (GET /api/v1/uploads).
type Storage struct {
	User    string   `json:"user"`
	Used    int64    `json:"used"`            // bytes counted, each upload rounded up to a MiB
	Limit   int64    `json:"limit,omitempty"` // the farm's --quota-bytes; 0: none
	Uploads []Stored `json:"uploads"`
}

// Stored is one upload counted against its owner's quota.
type Stored struct {
	CID   string `json:"cid"`
	Bytes int64  `json:"bytes"`
	At    int64  `json:"at"` // unix ms
}

// UploadRef names an upload (POST /api/v1/uploads/remove).
type UploadRef struct {
	CID string `json:"cid"`
}

// Tiles is how many tiles each frame of the job has.
func (s JobSpec) Tiles() int { return max(s.TilesX, 1) * max(s.TilesY, 1) }

// TileRegion is the pixel rectangle [x0, y0, x1, y1) of a tile, or all
// zeros for a job without tiles (the whole frame).
func (s JobSpec) TileRegion(tile int) [4]int {
	tx, ty := max(s.TilesX, 1), max(s.TilesY, 1)
	if tx*ty == 1 {
		return [4]int{}
	}
	cx, cy := tile%tx, tile/tx
	return [4]int{cx * s.Width / tx, cy * s.Height / ty, (cx + 1) * s.Width / tx, (cy + 1) * s.Height / ty}
}

// Status is a coordinator's view of itself and the cluster.
type Status struct {
	ID           string `json:"id"`
	State        string `json:"state"`
	Leader       string `json:"leader"`
	LeaderRaft   string `json:"leader_raft"`
	LeaderHTTP   string `json:"leader_http"`
	AppliedIndex uint64 `json:"applied_index"`
	ChainID      uint64 `json:"chain_id"`
	Address      string `json:"address"` // the node's signing address
}

// Wallet endpoints.
type (
	// BindRequest makes Address the caller's account; Signature is its
	// key's signature of chain.BindMessage.
	BindRequest struct {
		Address   string        `json:"address"`
		Signature hexutil.Bytes `json:"signature"`
	}
	// MintRequest creates tokens (operators, embedded ledger only).
	MintRequest struct {
		To     string `json:"to"` // an address, or a user name with a bound account
		Amount uint64 `json:"amount"`
	}
	// TransferRequest moves tokens from the caller's account.
	TransferRequest struct {
		To     string `json:"to"`
		Amount uint64 `json:"amount"`
	}
	// Balance is an account's balance and, when asked, history.
	Balance struct {
		Account string        `json:"account"`
		Balance uint64        `json:"balance"`
		Escrow  uint64        `json:"escrow"` // locked in the caller's open jobs
		History []chain.Entry `json:"history,omitempty"`
	}
	// Earnings are what a worker earned, per job.
	Earnings struct {
		Worker   string    `json:"worker"`
		Balance  uint64    `json:"balance"`
		Frames   int       `json:"frames"`
		RenderMS int64     `json:"render_ms"`
		Tokens   uint64    `json:"tokens"`
		Jobs     []Earning `json:"jobs"`
	}
	// Earning is one job's part of a worker's earnings.
	Earning struct {
		Job      string `json:"job"`
		Frames   int    `json:"frames"`
		RenderMS int64  `json:"render_ms"`
		Tokens   uint64 `json:"tokens"`
	}
	// Quote is the estimated cost and time of a job before it is
	// submitted.
	Quote struct {
		Units      int     `json:"units"`
		MaxCost    uint64  `json:"max_cost"`
		Fee        uint64  `json:"fee"` // of MaxCost, to the network
		Samples    uint64  `json:"samples"`
		Workers    int     `json:"workers"`     // active workers that can take it
		SamplesSec float64 `json:"samples_sec"` // their measured speed, together
		Seconds    float64 `json:"est_seconds"` // wall time at that speed; 0 when unknown
		Balance    uint64  `json:"balance"`     // the caller's balance
		Affordable bool    `json:"affordable"`
	}
)
