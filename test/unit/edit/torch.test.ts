import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HE, HE_UNIFORM, LEAKY, LECUN, RELU, XAVIER, refusal, rewrite, rewrittenLine, siteOn } from './editHelpers';

const HEAD = 'import torch\nimport torch.nn as nn\nfrom torch.nn import init\n';

test('nn.init calls: the requested function, same prefix as written', () => {
  const source = `${HEAD}w = torch.empty(256, 128)\nnn.init.xavier_uniform_(w)\ninit.normal_(w, std=0.01)\ntorch.nn.init.normal_(w, 0, 0.01)\nnn.init.kaiming_uniform_(w, a=5 ** 0.5)\n`;
  assert.equal(rewrittenLine(source, 5, HE_UNIFORM), "nn.init.kaiming_uniform_(w, nonlinearity='relu')");
  assert.equal(rewrittenLine(source, 5, HE), "nn.init.kaiming_normal_(w, nonlinearity='relu')");
  assert.equal(rewrittenLine(source, 6, HE), "init.kaiming_normal_(w, nonlinearity='relu')");
  assert.equal(rewrittenLine(source, 7, HE), "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')");
  assert.equal(rewrittenLine(source, 8, HE), "nn.init.kaiming_normal_(w, nonlinearity='relu')");
});

test('nn.init spellings of each recommended scheme', () => {
  const source = `${HEAD}w = torch.empty(256, 128)\nnn.init.normal_(w, std=0.01)\n`;
  assert.equal(rewrittenLine(source, 5, XAVIER, { name: 'tanh' }), 'nn.init.xavier_normal_(w)');
  assert.equal(rewrittenLine(source, 5, { scheme: 'xavier_normal', gain: 5 / 3 }, { name: 'tanh' }), "nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))");
  assert.equal(rewrittenLine(source, 5, { scheme: 'xavier_uniform', gain: 1.25 }, { name: 'tanh' }), 'nn.init.xavier_uniform_(w, gain=1.25)');
  assert.equal(rewrittenLine(source, 5, LEAKY, { name: 'leaky_relu', param: 0.2 }), "nn.init.kaiming_normal_(w, a=0.2, nonlinearity='leaky_relu')");
  // SELU wants LeCun: PyTorch spells it kaiming with the linear gain.
  assert.equal(rewrittenLine(source, 5, LECUN, { name: 'selu' }), "nn.init.kaiming_normal_(w, nonlinearity='linear')");
  assert.equal(rewrittenLine(source, 5, { scheme: 'he_normal', mode: 'fan_out', nonlinearity: 'relu' }), "nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')");
  assert.equal(rewrittenLine(source, 5, { scheme: 'normal', std: 0.02 }), 'nn.init.normal_(w, std=0.02)');
  assert.equal(rewrittenLine(source, 5, { scheme: 'orthogonal', gain: 2 }), 'nn.init.orthogonal_(w, gain=2)');
  assert.equal(rewrittenLine(source, 5, { scheme: 'torch_default' }), 'nn.init.kaiming_uniform_(w, a=5 ** 0.5)');
});

test('the file quote style is kept', () => {
  const source = `${HEAD}w = torch.empty(256, 128)\nnn.init.kaiming_normal_(w, mode="fan_out")\n`;
  assert.equal(rewrittenLine(source, 5), 'nn.init.kaiming_normal_(w, nonlinearity="relu")');
});

test('names imported from torch.nn.init: bare when imported, through a module when not', () => {
  const both = 'import torch\nfrom torch.nn.init import xavier_uniform_, kaiming_normal_\nw = torch.empty(64, 32)\nxavier_uniform_(w)\n';
  assert.equal(rewrittenLine(both, 4), "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')");
  const bareOnly = 'from torch.nn.init import xavier_uniform_, kaiming_normal_\nfrom torch.nn import Linear\nlin = Linear(3, 4)\nxavier_uniform_(lin.weight)\n';
  assert.equal(rewrittenLine(bareOnly, 4), "kaiming_normal_(lin.weight, nonlinearity='relu')");
  const missing = 'from torch.nn.init import xavier_uniform_\nfrom torch.nn import Linear\nlin = Linear(3, 4)\nxavier_uniform_(lin.weight)\n';
  assert.match(refusal(missing, 4), /kaiming_normal_ is not imported/);
});

test('tensor fills: an nn.init call when nn.init is reachable, a numeric std when not', () => {
  const withNn = `${HEAD}m = nn.Linear(20, 30)\nm.weight.data.normal_(0, 0.01)\n`;
  assert.equal(rewrittenLine(withNn, 5), "nn.init.kaiming_normal_(m.weight.data, nonlinearity='relu')");
  const uniform = `${HEAD}m = nn.Linear(20, 30)\nm.weight.data.uniform_(-0.1, 0.1)\n`;
  assert.equal(rewrittenLine(uniform, 5, HE_UNIFORM), "nn.init.kaiming_uniform_(m.weight.data, nonlinearity='relu')");
  // A cell with no imports: no name reaches nn.init, so the std argument is written out (fan_in 32 of (out, in) = (64, 32)).
  assert.equal(rewrittenLine('w = torch.empty(64, 32)\nw.data.normal_(0, 0.01)\n', 2), 'w.data.normal_(0, (2 / 32) ** 0.5)');
  assert.equal(rewrittenLine('w = torch.empty(64, 32)\nimport math\nw.data.normal_(0, 0.01)\n', 3), 'w.data.normal_(0, math.sqrt(2 / 32))');
});

test('a fill whose nn.init form would read other fans keeps its own layout', () => {
  // Used as x @ w, so fan_in is 64 — kaiming_normal_ would take PyTorch's (out, in) = 32.
  const source = `${HEAD}x = torch.ones(8, 64)\nw = torch.empty(64, 32).normal_(0, 0.02)\ny = x @ w\n`;
  assert.equal(rewrittenLine(source, 5), 'w = torch.empty(64, 32).normal_(0, (2 / 64) ** 0.5)');
});

test('raw draws: torch.randn(a, b) * s, nn.Parameter in the (out, in) layout', () => {
  assert.equal(rewrittenLine('import torch\na, b = 256, 128\nW = torch.randn(a, b) * 0.01\n', 3), 'W = torch.randn(a, b) * (2 / a) ** 0.5');
  assert.equal(rewrittenLine('import torch\nimport math\nW = torch.randn(512, 256) / math.sqrt(512)\n', 3), 'W = torch.randn(512, 256) * math.sqrt(2 / 512)');
  const parameter = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.01)

    def forward(self, x):
        return x @ self.weight.t()

net = Net(784, 256)
`;
  assert.equal(rewrittenLine(parameter, 7), '        self.weight = nn.Parameter(torch.randn(n_out, n_in) * (2 / n_in) ** 0.5)');
  assert.equal(rewrittenLine('import torch\nM = torch.normal(0, 1, size=(4, 4))\nfor i in range(100):\n    M = torch.mm(M, torch.normal(0, 1, size=(4, 4)))\n', 4, HE, RELU), '    M = torch.mm(M, torch.normal(0, (2 / 4) ** 0.5, size=(4, 4)))');
});

const NET = `import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(
            256, 128,
        )  # hidden
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)
`;

test('a layer left at its default gets an nn.init line after the statement that builds it', () => {
  const { out, preview } = rewrite(NET, siteOn(NET, 8));
  assert.equal(preview, "nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')");
  assert.equal(
    out,
    NET.replace('        self.fc1 = nn.Linear(784, 256)\n', "        self.fc1 = nn.Linear(784, 256)\n        nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')\n"),
  );
  // A multi-line constructor with a comment after it: the new line goes after the comment.
  const multi = rewrite(NET, siteOn(NET, 9)).out;
  assert.equal(multi.split('\n').slice(8, 12).join('\n'), "        self.fc2 = nn.Linear(\n            256, 128,\n        )  # hidden\n        nn.init.kaiming_normal_(self.fc2.weight, nonlinearity='relu')");
});

test('implicit layers in nn.Sequential, convolutions, CRLF files', () => {
  const sequential = 'import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(784, 256),\n    nn.ReLU(),\n    nn.Linear(256, 10),\n)\nprint(model)\n';
  assert.equal(rewrite(sequential, siteOn(sequential, 3)).out, sequential.replace(')\nprint', ")\nnn.init.kaiming_normal_(model[0].weight, nonlinearity='relu')\nprint"));
  const conv = 'import torch.nn as nn\nconv = nn.Conv2d(3, 16, 3)\n';
  assert.equal(rewrite(conv, siteOn(conv, 2)).out, "import torch.nn as nn\nconv = nn.Conv2d(3, 16, 3)\nnn.init.kaiming_normal_(conv.weight, nonlinearity='relu')\n");
  const crlf = 'import torch.nn as nn\r\nclass M(nn.Module):\r\n    def __init__(self):\r\n        super().__init__()\r\n        self.fc = nn.Linear(10, 20)\r\n';
  assert.equal(rewrite(crlf, siteOn(crlf, 5)).out, `${crlf}        nn.init.kaiming_normal_(self.fc.weight, nonlinearity='relu')\r\n`);
  // A file whose last line has no newline.
  assert.equal(rewrite('import torch.nn as nn\nfc = nn.Linear(4, 8)', siteOn('import torch.nn as nn\nfc = nn.Linear(4, 8)', 2)).out, "import torch.nn as nn\nfc = nn.Linear(4, 8)\nnn.init.kaiming_normal_(fc.weight, nonlinearity='relu')");
  // Xavier for tanh, as recommendedInit gives it (gain 1).
  assert.equal(rewrite(conv, siteOn(conv, 2), XAVIER, { name: 'tanh' }).preview, 'nn.init.xavier_normal_(conv.weight)');
});

test('implicit layers that cannot take a new line, with the reason', () => {
  assert.match(refusal('import torch.nn as nn\nlayers = [nn.Linear(10, 10) for _ in range(5)]\n', 2), /not stored under a name/);
  const moduleList = 'import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.layers = nn.ModuleList([nn.Linear(20, 20) for _ in range(3)])\n';
  assert.match(refusal(moduleList, 5), /reached as self\.layers\[i\]\.weight/);
  const inlineIf = 'import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        if True: self.g = nn.Linear(20, 20)\n    def forward(self, x):\n        return self.g(x)\n';
  assert.match(refusal(inlineIf, 5), /after other code on its line/);
  const returned = 'import torch.nn as nn\ndef make():\n    return nn.Sequential(nn.Linear(4, 4), nn.ReLU())\n';
  assert.match(refusal(returned, 3), /not stored under a name|not built in an assignment/);
  assert.match(refusal('from torch.nn import Linear\nlin = Linear(3, 4)\n', 2), /torch\.nn\.init is not imported/);
  assert.match(refusal(`${HEAD}w = torch.empty(3, 4)\nnn.init.normal_(w)\n`, 5, { scheme: 'variance_scaling', scale: 2 }), /no nn\.init function/);
});
