package scenes

import "encoding/json"

// The types below mirror the parts of the glTF 2.0 JSON schema the loader
// reads. Enumerations stay as the raw numbers and strings of the file so that
// an unknown value is reported instead of being mapped to a default.

type gltfDoc struct {
	Asset              struct{ Version string } `json:"asset"`
	ExtensionsUsed     []string                 `json:"extensionsUsed"`
	ExtensionsRequired []string                 `json:"extensionsRequired"`
	Accessors          []gltfAccessor           `json:"accessors"`
	Animations         []gltfAnimation          `json:"animations"`
	Buffers            []gltfBuffer             `json:"buffers"`
	BufferViews        []gltfBufferView         `json:"bufferViews"`
	Cameras            []gltfCamera             `json:"cameras"`
	Images             []gltfImage              `json:"images"`
	Materials          []gltfMaterial           `json:"materials"`
	Meshes             []gltfMesh               `json:"meshes"`
	Nodes              []gltfNode               `json:"nodes"`
	Samplers           []gltfSampler            `json:"samplers"`
	Scene              *int                     `json:"scene"`
	Scenes             []struct {
		Name       string `json:"name"`
		Nodes      []int  `json:"nodes"`
		Extensions struct {
			IBL json.RawMessage `json:"EXT_lights_image_based"`
		} `json:"extensions"`
	} `json:"scenes"`
	Skins      []gltfSkin    `json:"skins"`
	Textures   []gltfTexture `json:"textures"`
	Extensions struct {
		Lights *struct {
			Lights []gltfLight `json:"lights"`
		} `json:"KHR_lights_punctual"`
		IBL json.RawMessage `json:"EXT_lights_image_based"`
	} `json:"extensions"`
}

type gltfAccessor struct {
	Name          string          `json:"name"`
	BufferView    *int            `json:"bufferView"`
	ByteOffset    int             `json:"byteOffset"`
	ComponentType int             `json:"componentType"`
	Normalized    bool            `json:"normalized"`
	Count         int             `json:"count"`
	Type          string          `json:"type"`
	Sparse        json.RawMessage `json:"sparse"`
}

type gltfBuffer struct {
	Name       string `json:"name"`
	URI        string `json:"uri"`
	ByteLength int    `json:"byteLength"`
}

type gltfBufferView struct {
	Buffer     int `json:"buffer"`
	ByteOffset int `json:"byteOffset"`
	ByteLength int `json:"byteLength"`
	ByteStride int `json:"byteStride"`
}

type gltfCamera struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Perspective *struct {
		AspectRatio *float64 `json:"aspectRatio"`
		Yfov        float64  `json:"yfov"`
		Znear       float64  `json:"znear"`
	} `json:"perspective"`
	Orthographic *struct {
		XMag  float64 `json:"xmag"`
		YMag  float64 `json:"ymag"`
		ZNear float64 `json:"znear"`
		ZFar  float64 `json:"zfar"`
	} `json:"orthographic"`
}

type gltfImage struct {
	Name       string `json:"name"`
	URI        string `json:"uri"`
	MimeType   string `json:"mimeType"`
	BufferView *int   `json:"bufferView"`
}

type gltfTextureInfo struct {
	Index    int      `json:"index"`
	TexCoord int      `json:"texCoord"`
	Scale    *float64 `json:"scale"` // normalTexture only
	// Extensions holds per-texture extensions such as KHR_texture_transform.
	Extensions map[string]json.RawMessage `json:"extensions"`
}

type gltfMaterial struct {
	Name string `json:"name"`
	PBR  *struct {
		BaseColorFactor          *[4]float64      `json:"baseColorFactor"`
		BaseColorTexture         *gltfTextureInfo `json:"baseColorTexture"`
		MetallicFactor           *float64         `json:"metallicFactor"`
		RoughnessFactor          *float64         `json:"roughnessFactor"`
		MetallicRoughnessTexture *gltfTextureInfo `json:"metallicRoughnessTexture"`
	} `json:"pbrMetallicRoughness"`
	NormalTexture    *gltfTextureInfo           `json:"normalTexture"`
	OcclusionTexture *gltfTextureInfo           `json:"occlusionTexture"`
	EmissiveTexture  *gltfTextureInfo           `json:"emissiveTexture"`
	EmissiveFactor   *[3]float64                `json:"emissiveFactor"`
	AlphaMode        string                     `json:"alphaMode"`
	AlphaCutoff      *float64                   `json:"alphaCutoff"`
	DoubleSided      bool                       `json:"doubleSided"`
	Extensions       map[string]json.RawMessage `json:"extensions"`
}

type gltfMesh struct {
	Name       string `json:"name"`
	Primitives []struct {
		Attributes map[string]int             `json:"attributes"`
		Indices    *int                       `json:"indices"`
		Material   *int                       `json:"material"`
		Mode       *int                       `json:"mode"`
		Targets    []map[string]int           `json:"targets"`
		Extensions map[string]json.RawMessage `json:"extensions"`
	} `json:"primitives"`
	Weights []float64 `json:"weights"`
}

type gltfSkin struct {
	Name                string `json:"name"`
	InverseBindMatrices *int   `json:"inverseBindMatrices"`
	Skeleton            *int   `json:"skeleton"`
	Joints              []int  `json:"joints"`
}

type gltfNode struct {
	Name        string       `json:"name"`
	Camera      *int         `json:"camera"`
	Children    []int        `json:"children"`
	Skin        *int         `json:"skin"`
	Matrix      *[16]float64 `json:"matrix"`
	Mesh        *int         `json:"mesh"`
	Rotation    *[4]float64  `json:"rotation"`
	Scale       *[3]float64  `json:"scale"`
	Translation *[3]float64  `json:"translation"`
	Weights     []float64    `json:"weights"`
	Extensions  struct {
		Light *struct {
			Light int `json:"light"`
		} `json:"KHR_lights_punctual"`
	} `json:"extensions"`
}

type gltfSampler struct {
	MagFilter int `json:"magFilter"`
	MinFilter int `json:"minFilter"`
	WrapS     int `json:"wrapS"`
	WrapT     int `json:"wrapT"`
}

type gltfTexture struct {
	Sampler    *int                       `json:"sampler"`
	Source     *int                       `json:"source"`
	Extensions map[string]json.RawMessage `json:"extensions"`
}

type gltfAnimation struct {
	Name     string `json:"name"`
	Channels []struct {
		Sampler int `json:"sampler"`
		Target  struct {
			Node *int   `json:"node"`
			Path string `json:"path"`
		} `json:"target"`
	} `json:"channels"`
	Samplers []struct {
		Input         int    `json:"input"`
		Interpolation string `json:"interpolation"`
		Output        int    `json:"output"`
	} `json:"samplers"`
}

type gltfLight struct {
	Name      string      `json:"name"`
	Type      string      `json:"type"`
	Color     *[3]float64 `json:"color"`
	Intensity *float64    `json:"intensity"`
	Range     *float64    `json:"range"`
	Spot      *struct {
		InnerConeAngle float64  `json:"innerConeAngle"`
		OuterConeAngle *float64 `json:"outerConeAngle"`
	} `json:"spot"`
}
