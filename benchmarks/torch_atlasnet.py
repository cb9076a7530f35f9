"""AtlasNet as its authors ship it (ThibaultGROUEIX/AtlasNet, model/model_blocks.py PointNetfeat and Mapping2Dto3D,
model/atlasnet.py), made a VAE: the `train-atlas` / `inference-atlas` workload of torch_workload_server.py, the same
network as the PyTorch 2.7 DJL server's and pointgrad's `VaeConfig.atlasNet()`.

B=32 clouds of N=2500 points. Encoder: per-point 3-64 (BatchNorm, ReLU), 64-128 (BatchNorm, ReLU), 128-1024
(BatchNorm), max over points, Linear 1024-1024 (BatchNorm, ReLU), heads mu and logvar Linear 1024-1024. Decoder: 25
patches, each Linear 2-1024 on a uv point plus z (no weight on z), BatchNorm, ReLU; 1024-512 (BatchNorm, ReLU);
512-256 (BatchNorm, ReLU); 256-3. 19,882,827 parameters. BatchNorm1d: per channel over batch and points, momentum
0.1, eps 1e-5.

Layouts (env ATLAS_LAYOUT): `rows` (default) runs every per-point layer as nn.Linear on the (B*N, C) rows, as the DJL
server and pointgrad do; `conv` is AtlasNet's own form, nn.Conv1d(kernel 1) and BatchNorm1d on (B, C, N) tensors.
Same arithmetic; the GEMMs and the BatchNorm kernels differ. Measurement only."""
import torch
import torch.nn as nn

B, N, K, Z = 32, 2500, 25, 1024
PARAMETERS = 19_882_827


class PointLayer(nn.Module):
    """A per-point layer (Linear or Conv1d k=1) with optional BatchNorm and ReLU, in the chosen layout."""

    def __init__(self, c_in, c_out, conv, bn=True, relu=True):
        super().__init__()
        self.lin = nn.Conv1d(c_in, c_out, 1) if conv else nn.Linear(c_in, c_out)
        self.bn = nn.BatchNorm1d(c_out) if bn else None
        self.relu = relu

    def forward(self, x, add=None):  # x: (B, C, P) when conv, else (B*P, C) rows
        h = self.lin(x)
        if add is not None:
            h = h + add
        if self.bn is not None:
            h = self.bn(h)
        return torch.relu(h) if self.relu else h


class Encoder(nn.Module):
    def __init__(self, conv):
        super().__init__()
        self.conv = conv
        self.l1 = PointLayer(3, 64, conv)
        self.l2 = PointLayer(64, 128, conv)
        self.l3 = PointLayer(128, Z, conv, relu=False)
        self.fc = PointLayer(Z, Z, False)  # on the (B, 1024) batch: Linear, BatchNorm over the batch, ReLU
        self.mu = nn.Linear(Z, Z)
        self.logvar = nn.Linear(Z, Z)

    def forward(self, x):  # x (B, N, 3)
        b, n, _ = x.shape
        h = x.transpose(1, 2) if self.conv else x.reshape(b * n, 3)
        h = self.l3(self.l2(self.l1(h)))
        h = torch.max(h, 2)[0] if self.conv else torch.max(h.view(b, n, Z), 1)[0]  # PointNetfeat's max(dim)
        h = self.fc(h)
        return self.mu(h), self.logvar(h)


class Patch(nn.Module):
    """Mapping2Dto3D: uv -> 3-D point, the latent added to the first layer's output."""

    def __init__(self, conv):
        super().__init__()
        self.conv = conv
        self.l1 = PointLayer(2, Z, conv)
        self.l2 = PointLayer(Z, 512, conv)
        self.l3 = PointLayer(512, 256, conv)
        self.out = PointLayer(256, 3, conv, bn=False, relu=False)

    def forward(self, uv, z):  # uv (B, P, 2), z (B, Z) -> (B, P, 3)
        b, p, _ = uv.shape
        if self.conv:
            h = self.l1(uv.transpose(1, 2), z.unsqueeze(2))
            return self.out(self.l3(self.l2(h))).transpose(1, 2)
        zz = z.unsqueeze(1).expand(b, p, Z).reshape(b * p, Z)
        h = self.l1(uv.reshape(b * p, 2), zz)
        return self.out(self.l3(self.l2(h))).view(b, p, 3)


class AtlasVae(nn.Module):
    def __init__(self, conv=False):
        super().__init__()
        self.encoder = Encoder(conv)
        self.decoder = nn.ModuleList([Patch(conv) for _ in range(K)])

    def decode(self, z, n_points):
        per = n_points // K
        return torch.cat([p(torch.rand(z.shape[0], per, 2, dtype=z.dtype), z) for p in self.decoder], dim=1)

    def forward(self, x):
        mu, logvar = self.encoder(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.decode(z, x.shape[1]), mu, logvar

    @torch.no_grad()
    def reconstruct(self, x):  # eval mode: running statistics, z = mu
        return self.decode(self.encoder(x)[0], x.shape[1])


def computed_parameters():
    """The count from the layer sizes alone (Linear weight and bias; BatchNorm gamma and beta)."""
    lin = lambda i, o: i * o + o  # noqa: E731
    bn = lambda c: 2 * c  # noqa: E731
    enc = lin(3, 64) + bn(64) + lin(64, 128) + bn(128) + lin(128, Z) + bn(Z) + lin(Z, Z) + bn(Z) + 2 * lin(Z, Z)
    patch = lin(2, Z) + bn(Z) + lin(Z, 512) + bn(512) + lin(512, 256) + bn(256) + lin(256, 3)
    return enc + K * patch


def new_model(dtype, conv=False):
    torch.manual_seed(0)
    m = AtlasVae(conv).to(dtype)
    count = sum(p.numel() for p in m.parameters())
    if count != PARAMETERS or computed_parameters() != PARAMETERS:
        raise ValueError(f"AtlasNet has {count} parameters, expected {PARAMETERS} (computed {computed_parameters()})")
    return m, torch.optim.Adam(m.parameters(), lr=1e-3)
