import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTorchSites } from '../../../src/parse/detectors/torch';
import { Scope } from '../../../src/parse/evaluate';
import { collectImports } from '../../../src/parse/imports';
import { parsePython } from '../../../src/parse/syntax';
import type { InitSite } from '../../../src/parse/types';

/** The torch detector alone, as findInitSites runs it. */
function torchSites(source: string): InitSite[] {
  const file = parsePython(source);
  const imports = collectImports(file);
  return detectTorchSites({ file, imports, scope: new Scope(file, imports) }).sort((a, b) => a.range.from - b.range.from);
}

/** The one site whose source text starts with `prefix`. */
function site(sites: InitSite[], prefix: string): InitSite {
  const found = sites.filter((s) => s.text.startsWith(prefix));
  assert.equal(found.length, 1, `expected one site starting with ${prefix}, got ${found.length}: ${sites.map((s) => s.text).join(' | ')}`);
  return found[0];
}

function close(actual: number | string | undefined, expected: number, message?: string): void {
  assert.equal(typeof actual, 'number', message ?? `expected a number, got ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${message ?? ''} ${String(actual)} ≠ ${expected}`);
}

function widths(s: InitSite): number[] {
  const stack = s.context.stack?.value ?? [];
  return stack.length === 0 ? [] : [stack[0].fanIn, ...stack.map((l) => l.fanOut)];
}

function activations(s: InitSite): string[] {
  return (s.context.stack?.value ?? []).map((l) => (l.activation.param === undefined ? l.activation.name : `${l.activation.name}(${l.activation.param})`));
}

const HEADER = 'import math\nimport torch\nimport torch.nn as nn\nw = torch.empty(3, 5)\n';

// ── Every scheme, positional arguments ────────────────────────────────────────────────────

test('every nn.init scheme with positional arguments, fans from the tensor shape (out=3, in=5)', () => {
  const sites = torchSites(`${HEADER}
nn.init.normal_(w, 0.5, 2.0)
nn.init.uniform_(w, -0.3, 0.3)
nn.init.trunc_normal_(w, 0.0, 0.02, -0.04, 0.04)
nn.init.xavier_normal_(w, 2.0)
nn.init.xavier_uniform_(w, 1.5)
nn.init.kaiming_normal_(w, 0.2, 'fan_out', 'leaky_relu')
nn.init.kaiming_uniform_(w, 0, 'fan_in', 'relu')
nn.init.orthogonal_(w, 3)
nn.init.sparse_(w, 0.5, 0.1)
nn.init.constant_(w, 0.3)
nn.init.zeros_(w)
nn.init.ones_(w)
nn.init.eye_(w)
nn.init.dirac_(torch.empty(16, 16, 3, 3))
`);
  assert.equal(sites.length, 14);
  for (const s of sites.slice(0, 13)) {
    assert.equal(s.framework, 'torch');
    assert.equal(s.implicit, false);
    assert.equal(s.target, 'w');
    assert.equal(s.context.fanIn?.value, 5);
    assert.equal(s.context.fanOut?.value, 3);
    assert.deepEqual(s.unresolved, []);
  }

  const normal = site(sites, 'nn.init.normal_');
  assert.deepEqual(normal.init, { scheme: 'normal', mean: 0.5, std: 2 });
  assert.deepEqual(normal.params, { mean: 0.5, std: 2 });

  const uniform = site(sites, 'nn.init.uniform_');
  assert.deepEqual(uniform.init, { scheme: 'uniform', low: -0.3, high: 0.3 });
  close(uniform.params.std, 0.3 / Math.sqrt(3));
  assert.equal(uniform.params.low, -0.3);
  assert.equal(uniform.params.high, 0.3);

  const trunc = site(sites, 'nn.init.trunc_normal_');
  assert.deepEqual(trunc.init, { scheme: 'truncated_normal', mean: 0, std: 0.02, low: -0.04, high: 0.04 });
  // Truncated at ±2σ the std shrinks by 0.8796…, the Keras correction constant.
  close(trunc.params.std, 0.02 * 0.87962566103423978, 'truncated std');

  const xn = site(sites, 'nn.init.xavier_normal_');
  assert.deepEqual(xn.init, { scheme: 'xavier_normal', gain: 2 });
  close(xn.params.std, 2 * Math.sqrt(2 / 8));
  assert.equal(xn.params.gain, 2);

  const xu = site(sites, 'nn.init.xavier_uniform_');
  close(xu.params.std, 1.5 * Math.sqrt(2 / 8));

  const kn = site(sites, 'nn.init.kaiming_normal_');
  assert.deepEqual(kn.init, { scheme: 'he_normal', a: 0.2, mode: 'fan_out', nonlinearity: 'leaky_relu' });
  const leakyGain = Math.sqrt(2 / (1 + 0.2 ** 2));
  close(kn.params.gain, leakyGain);
  close(kn.params.std, leakyGain / Math.sqrt(3));
  assert.equal(kn.params.mode, 'fan_out');
  assert.deepEqual(kn.context.activation, { value: { name: 'leaky_relu', param: 0.2 }, source: 'nonlinearity= argument' });

  const ku = site(sites, 'nn.init.kaiming_uniform_');
  assert.deepEqual(ku.init, { scheme: 'he_uniform', a: 0, mode: 'fan_in', nonlinearity: 'relu' });
  close(ku.params.std, Math.SQRT2 / Math.sqrt(5));
  assert.deepEqual(ku.context.activation?.value, { name: 'relu' });

  const orth = site(sites, 'nn.init.orthogonal_');
  assert.deepEqual(orth.init, { scheme: 'orthogonal', gain: 3 });
  close(orth.params.std, 3 / Math.sqrt(5));

  const sparse = site(sites, 'nn.init.sparse_');
  assert.deepEqual(sparse.init, { scheme: 'sparse', sparsity: 0.5, std: 0.1 });
  // ceil(0.5 · 3) = 2 of the 3 rows are zero in every column.
  close(sparse.params.std, 0.1 * Math.sqrt(1 / 3));

  assert.deepEqual(site(sites, 'nn.init.constant_').init, { scheme: 'constant', value: 0.3 });
  assert.deepEqual(site(sites, 'nn.init.constant_').params, { value: 0.3, std: 0 });
  assert.deepEqual(site(sites, 'nn.init.zeros_').init, { scheme: 'zeros' });
  assert.equal(site(sites, 'nn.init.zeros_').params.std, 0);
  assert.deepEqual(site(sites, 'nn.init.ones_').init, { scheme: 'constant', value: 1 });

  const eye = site(sites, 'nn.init.eye_');
  assert.deepEqual(eye.init, { scheme: 'eye' });
  close(eye.params.std, Math.sqrt(0.2 * 0.8));

  const dirac = site(sites, 'nn.init.dirac_');
  assert.deepEqual(dirac.init, { scheme: 'eye' });
  assert.equal(dirac.context.fanIn?.value, 16 * 9);
  assert.equal(dirac.context.fanOut?.value, 16 * 9);
});

// ── Keyword arguments, calculate_gain, deprecated spellings ───────────────────────────────

test('keyword arguments bind as in PyTorch; calculate_gain is evaluated and hints the activation', () => {
  const sites = torchSites(`${HEADER}
nn.init.normal_(w, std=0.02)
nn.init.normal_(tensor=w, mean=1.0, std=3.0)
nn.init.uniform_(w, b=2.0)
nn.init.trunc_normal_(w, std=0.5)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('tanh'))
nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('leaky_relu', 0.2))
nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
nn.init.orthogonal_(w, gain=math.sqrt(2))
nn.init.sparse_(w, sparsity=0.1, std=0.01)
nn.init.constant_(w, val=0.2)
`);
  assert.equal(sites.length, 11);
  const [std002, tensorKw, uniformB, trunc, xavierTanh, xavierLeaky, kaimingOut, kaimingA, orth, sparse, constant] = sites;
  assert.deepEqual(std002.init, { scheme: 'normal', mean: 0, std: 0.02 });
  assert.deepEqual(std002.params, { mean: 0, std: 0.02 });
  assert.deepEqual(tensorKw.init, { scheme: 'normal', mean: 1, std: 3 });
  assert.equal(tensorKw.target, 'w');
  assert.deepEqual(uniformB.init, { scheme: 'uniform', low: 0, high: 2 });
  close(uniformB.params.std, 2 / Math.sqrt(12));
  assert.deepEqual(trunc.init, { scheme: 'truncated_normal', mean: 0, std: 0.5, low: -2, high: 2 });
  close(xavierTanh.params.gain, 5 / 3);
  close(xavierTanh.params.std, (5 / 3) * Math.sqrt(2 / 8));
  assert.deepEqual(xavierTanh.context.activation, { value: { name: 'tanh' }, source: "gain=nn.init.calculate_gain('tanh')" });
  close(xavierLeaky.params.gain, Math.sqrt(2 / 1.04));
  assert.deepEqual(xavierLeaky.context.activation?.value, { name: 'leaky_relu', param: 0.2 });
  assert.deepEqual(kaimingOut.init, { scheme: 'he_normal', a: 0, mode: 'fan_out', nonlinearity: 'relu' });
  close(kaimingOut.params.std, Math.SQRT2 / Math.sqrt(3));
  assert.deepEqual(kaimingOut.context.activation, { value: { name: 'relu' }, source: 'nonlinearity= argument' });
  // a = √5 is PyTorch's own default for nn.Linear: U(±1/√fan_in).
  close(kaimingA.params.std, 1 / Math.sqrt(3 * 5));
  assert.equal(kaimingA.context.activation, undefined, 'the default nonlinearity says nothing about the activation');
  close(orth.params.gain, Math.SQRT2);
  assert.deepEqual(sparse.init, { scheme: 'sparse', sparsity: 0.1, std: 0.01 });
  assert.deepEqual(constant.init, { scheme: 'constant', value: 0.2 });
});

test('deprecated spellings without the underscore', () => {
  const sites = torchSites(`${HEADER}
nn.init.xavier_uniform(w)
nn.init.normal(w, 0, 0.1)
nn.init.kaiming_normal(w, mode='fan_in')
nn.init.constant(w, 0.5)
`);
  assert.deepEqual(
    sites.map((s) => s.init.scheme),
    ['xavier_uniform', 'normal', 'he_normal', 'constant'],
  );
  close(sites[0].params.std, Math.sqrt(2 / 8));
  assert.equal(sites[1].params.std, 0.1);
});

test('unreadable arguments are reported, and std is left out rather than guessed', () => {
  const sites = torchSites(`import torch.nn as nn
def init(w, s):
    nn.init.normal_(w, std=s)
    nn.init.xavier_uniform_(w)
    nn.init.kaiming_normal_(w, mode='fan_out')
`);
  assert.equal(sites.length, 3);
  assert.deepEqual(sites[0].unresolved, ['s']);
  assert.equal(sites[0].params.std, undefined);
  assert.deepEqual(sites[0].init, { scheme: 'normal', mean: 0 });
  assert.deepEqual(sites[1].unresolved, ['fan_in', 'fan_out']);
  assert.equal(sites[1].params.std, undefined);
  assert.deepEqual(sites[2].unresolved, ['fan_out']);
});

// ── Import aliases ────────────────────────────────────────────────────────────────────────

test('import aliases: torch.nn as nn, from torch import nn, from torch.nn import init, torch.nn.init as I', () => {
  const cases: [string, string][] = [
    ['import torch\nimport torch.nn as nn\n', 'nn.init.xavier_uniform_(w)'],
    ['import torch\nfrom torch import nn\n', 'nn.init.xavier_uniform_(w)'],
    ['import torch\nfrom torch.nn import init\n', 'init.xavier_uniform_(w)'],
    ['import torch\nimport torch.nn.init as I\n', 'I.xavier_uniform_(w)'],
    ['import torch\n', 'torch.nn.init.xavier_uniform_(w)'],
    ['import torch\nfrom torch.nn.init import xavier_uniform_\n', 'xavier_uniform_(w)'],
    ['import torch as T\ntorch = T\n', 'T.nn.init.xavier_uniform_(w)'],
  ];
  for (const [imports, call] of cases) {
    const sites = torchSites(`${imports}w = torch.empty(20, 10)\n${call}\n`);
    assert.equal(sites.length, 1, call);
    assert.equal(sites[0].init.scheme, 'xavier_uniform', call);
    close(sites[0].params.std, Math.sqrt(2 / 30), call);
    assert.deepEqual([sites[0].context.fanIn?.value, sites[0].context.fanOut?.value], [10, 20], call);
  }
});

test('Linear under other spellings: from torch.nn import Linear, torch.nn.Linear', () => {
  const sites = torchSites(`from torch.nn import Linear, Sequential, ReLU
import torch
a = Linear(100, 50)
b = torch.nn.Linear(50, 25)
`);
  assert.equal(sites.length, 2);
  assert.ok(sites.every((s) => s.implicit && s.init.scheme === 'torch_default'));
  close(sites[0].params.std, 1 / Math.sqrt(300));
  assert.equal(sites[0].target, 'a.weight');
});

// ── In-place tensor inits ─────────────────────────────────────────────────────────────────

test('.data.normal_, .weight.normal_ under no_grad, .uniform_, .zero_, .fill_ on weights', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(100, 200)
        self.fc2 = nn.Linear(200, 300)
        self.fc3 = nn.Linear(300, 400)
        self.fc4 = nn.Linear(400, 500)
        self.W = nn.Parameter(torch.empty(64, 32))
        self.fc1.weight.data.normal_(0, 0.02)
        with torch.no_grad():
            self.fc2.weight.normal_()
        self.fc3.weight.data.uniform_(-0.1, 0.1)
        self.fc4.weight.data.zero_()
        self.W.data.fill_(0.5)
        self.fc1.bias.data.zero_()
`);
  assert.equal(sites.length, 5, sites.map((s) => s.text).join(' | '));
  const [n, n1, u, z, f] = sites;
  assert.deepEqual([n.init, n.target, n.params.std], [{ scheme: 'normal', mean: 0, std: 0.02 }, 'self.fc1.weight', 0.02]);
  assert.deepEqual([n.context.fanIn?.value, n.context.fanOut?.value], [100, 200]);
  assert.deepEqual([n1.init, n1.target, n1.params.std], [{ scheme: 'normal', mean: 0, std: 1 }, 'self.fc2.weight', 1]);
  assert.deepEqual([u.init, u.target], [{ scheme: 'uniform', low: -0.1, high: 0.1 }, 'self.fc3.weight']);
  close(u.params.std, 0.1 / Math.sqrt(3));
  assert.deepEqual([z.init, z.target, z.params.std], [{ scheme: 'zeros' }, 'self.fc4.weight', 0]);
  assert.deepEqual([f.init, f.target, f.params.std], [{ scheme: 'constant', value: 0.5 }, 'self.W', 0]);
  // nn.Parameter(torch.empty(out, in)): torch layout.
  assert.deepEqual([f.context.fanIn?.value, f.context.fanOut?.value], [32, 64]);
});

test('w.weight.data.normal_(0, 0.02) on a module, and .normal_ on a weight-named variable', () => {
  const sites = torchSites(`import torch.nn as nn
def init_weights(w):
    w.weight.data.normal_(0, 0.02)
def reset(W1):
    W1.normal_(0.0, 0.1)
`);
  assert.equal(sites.length, 2);
  assert.equal(sites[0].target, 'w.weight');
  assert.equal(sites[0].params.std, 0.02);
  assert.equal(sites[1].target, 'W1');
  assert.equal(sites[1].params.std, 0.1);
});

// ── Implicit defaults ─────────────────────────────────────────────────────────────────────

test('implicit nn.Linear defaults: reported unless a later init overrides the weight', () => {
  const sites = torchSites(`import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 10, bias=False)
        nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')
        nn.init.zeros_(self.fc2.bias if False else self.fc1.bias)
`);
  assert.equal(sites.length, 2);
  const kaiming = site(sites, 'nn.init.kaiming_normal_');
  assert.equal(kaiming.target, 'self.fc1.weight');
  assert.deepEqual([kaiming.context.fanIn?.value, kaiming.context.fanOut?.value], [784, 512]);
  close(kaiming.params.std, Math.SQRT2 / Math.sqrt(784));
  const fc2 = site(sites, 'nn.Linear(512, 10');
  assert.equal(fc2.implicit, true);
  assert.deepEqual(fc2.init, { scheme: 'torch_default' });
  assert.equal(fc2.target, 'self.fc2.weight');
  assert.deepEqual([fc2.context.fanIn?.value, fc2.context.fanOut?.value], [512, 10]);
  close(fc2.params.std, 1 / Math.sqrt(3 * 512));
  assert.deepEqual(fc2.unresolved, []);
});

test('a bias init neither is a site nor overrides the weight default', () => {
  const sites = torchSites(`import torch.nn as nn
class N(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        nn.init.constant_(self.fc.bias, 0)
        self.fc.bias.data.fill_(0.1)
`);
  assert.deepEqual(
    sites.map((s) => [s.text, s.implicit]),
    [['nn.Linear(3, 3)', true]],
  );
});

test('unknown widths: the default site names the expressions and leaves std out', () => {
  const sites = torchSites(`import torch.nn as nn
class Head(nn.Module):
    def __init__(self, d_model):
        super().__init__()
        self.proj = nn.Linear(d_model, 4 * d_model)
`);
  assert.equal(sites.length, 1);
  assert.deepEqual(sites[0].unresolved, ['d_model', '4 * d_model']);
  assert.equal(sites[0].params.std, undefined);
  assert.equal(sites[0].context.fanIn, undefined);
});

test('constructor arguments resolve from instantiation, parameter defaults and module constants', () => {
  const sites = torchSites(`import torch.nn as nn
HIDDEN = 256
class Block(nn.Module):
    def __init__(self, d_in, d_out=HIDDEN):
        super().__init__()
        self.fc = nn.Linear(d_in, d_out)
block = Block(128)
`);
  assert.equal(sites.length, 1);
  assert.deepEqual([sites[0].context.fanIn?.value, sites[0].context.fanOut?.value], [128, 256]);
});

// ── apply(fn) and modules() dispatch ──────────────────────────────────────────────────────

test('self.apply(init_weights) with isinstance dispatch: one site, fans and stack of the model', () => {
  const sites = torchSites(`import torch.nn as nn
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_normal_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm1d):
        nn.init.ones_(m.weight)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(256, 256), nn.BatchNorm1d(256), nn.Tanh(), nn.Linear(256, 256), nn.Tanh())
        self.apply(init_weights)

    def forward(self, x):
        return self.body(x)
`);
  assert.equal(sites.length, 1, sites.map((s) => s.text).join(' | '));
  const s = sites[0];
  assert.equal(s.text, 'nn.init.xavier_normal_(m.weight)');
  assert.equal(s.target, 'm.weight');
  assert.deepEqual([s.context.fanIn?.value, s.context.fanOut?.value], [256, 256]);
  close(s.params.std, Math.sqrt(2 / 512));
  assert.deepEqual(widths(s), [256, 256, 256]);
  assert.deepEqual(activations(s), ['tanh', 'tanh']);
  assert.equal(s.context.stackIndex, 0);
  assert.equal(s.context.depth?.value, 2);
  assert.deepEqual(s.context.activation?.value, { name: 'tanh' });
  assert.match(s.context.stack?.source ?? '', /BatchNorm1d not simulated/);
  // Biases were zeroed by the same function.
  assert.equal(s.context.stack?.value[0].bias, undefined);
  assert.deepEqual(s.context.stack?.value[0].init, { scheme: 'xavier_normal', gain: 1 });
});

test('for m in self.modules(): kaiming for Conv2d, normal for Linear; BatchNorm fills are not sites', () => {
  const sites = torchSites(`import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = nn.Conv2d(64, 64, 3, padding=1)
        self.fc = nn.Linear(64, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.conv2(x))
        x = x.mean((2, 3))
        return self.fc(x)
`);
  assert.equal(sites.length, 2, sites.map((s) => s.text).join(' | '));
  const conv = site(sites, 'nn.init.kaiming_normal_');
  // conv1 and conv2 have different fan_out? Both 64·9 = 576: one number.
  assert.deepEqual([conv.context.fanIn, conv.context.fanOut?.value], [undefined, 576]);
  close(conv.params.std, Math.SQRT2 / Math.sqrt(576));
  assert.equal(conv.params.receptiveField, 9);
  assert.deepEqual(widths(conv), [3, 64, 64, 10]);
  assert.deepEqual(activations(conv), ['relu', 'relu', 'linear']);
  assert.equal(conv.context.stackIndex, 0);
  assert.deepEqual(conv.context.stack?.value[0].init, { scheme: 'he_normal', a: 0, mode: 'fan_out', nonlinearity: 'relu', receptiveField: 9 });
  const linear = site(sites, 'nn.init.normal_');
  assert.equal(linear.context.stackIndex, 2);
  assert.deepEqual([linear.context.fanIn?.value, linear.context.fanOut?.value], [64, 10]);
});

test('DCGAN weights_init via classname.find, applied to a Sequential', () => {
  const sites = torchSites(`import torch.nn as nn
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)

netD = nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
                     nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, inplace=True),
                     nn.Conv2d(128, 1, 4, 1, 0, bias=False), nn.Sigmoid())
netD.apply(weights_init)
`);
  assert.equal(sites.length, 1);
  const s = sites[0];
  assert.deepEqual(s.init, { scheme: 'normal', mean: 0, std: 0.02 });
  assert.equal(s.target, 'm.weight');
  assert.deepEqual(widths(s), [3, 64, 128, 1]);
  assert.deepEqual(activations(s), ['leaky_relu(0.2)', 'leaky_relu(0.2)', 'sigmoid']);
  assert.equal(s.context.stack?.value[0].bias, undefined, 'bias=False');
});

test('an init function nobody applies is still a site; its BatchNorm branch is not', () => {
  const sites = torchSites(`import torch.nn as nn
def weights_init(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
    elif isinstance(m, nn.BatchNorm1d):
        m.weight.data.fill_(1)
        nn.init.normal_(m.weight, 1.0, 0.02)
`);
  assert.equal(sites.length, 1);
  assert.equal(sites[0].text, 'nn.init.xavier_uniform_(m.weight)');
  assert.deepEqual(sites[0].unresolved, ['fan_in', 'fan_out']);
});

test('HF/nanoGPT style: self.apply(self._init_weights) with a method, Embedding branch skipped', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
class MLP(nn.Module):
    def __init__(self, n_embd=768):
        super().__init__()
        self.wte = nn.Embedding(50257, n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.gelu = nn.GELU(approximate='tanh')
        self.c_proj = nn.Linear(4 * n_embd, n_embd)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))
`);
  assert.equal(sites.length, 1, sites.map((s) => s.text).join(' | '));
  const s = sites[0];
  assert.equal(s.params.std, 0.02);
  assert.deepEqual(widths(s), [768, 3072, 768]);
  assert.deepEqual(activations(s), ['gelu_tanh', 'linear']);
  assert.equal(s.context.fanIn, undefined, 'the two layers have different fans');
});

test('named_parameters loop with a weight filter, and parameters() with p.dim() > 1', () => {
  const sites = torchSites(`import torch.nn as nn
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 32))
        for name, p in self.named_parameters():
            if 'weight' in name:
                nn.init.kaiming_normal_(p, nonlinearity='relu')
            else:
                nn.init.zeros_(p)
    def forward(self, x):
        return self.net(x)

class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 16)
        self.norm = nn.LayerNorm(16)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)
`);
  assert.equal(sites.length, 2, sites.map((s) => s.text).join(' | '));
  assert.deepEqual(widths(sites[0]), [32, 64, 32]);
  assert.deepEqual(activations(sites[0]), ['relu', 'linear']);
  assert.deepEqual(sites[1].context.fanIn?.value, 16);
  close(sites[1].params.std, Math.sqrt(2 / 32));
});

// ── Stacks: the MNIST MLP in its two spellings ────────────────────────────────────────────

const MNIST_STACK = [784, 512, 512, 512, 512, 10];
const MNIST_ACTIVATIONS = ['relu', 'relu', 'relu', 'relu', 'linear'];

function assertMnist(sites: InitSite[], prefix: string): void {
  const inits = sites.filter((s) => s.text.startsWith(prefix));
  assert.equal(inits.length, 5);
  inits.forEach((s, i) => {
    assert.deepEqual(widths(s), MNIST_STACK);
    assert.deepEqual(activations(s), MNIST_ACTIVATIONS);
    assert.equal(s.context.stackIndex, i);
    assert.equal(s.context.depth?.value, 5);
    assert.deepEqual(s.context.activation?.value, { name: i < 4 ? 'relu' : 'linear' });
    assert.deepEqual([s.context.fanIn?.value, s.context.fanOut?.value], [MNIST_STACK[i], MNIST_STACK[i + 1]]);
    close(s.params.std, Math.sqrt(2 / (MNIST_STACK[i] + MNIST_STACK[i + 1])));
    assert.deepEqual(s.context.stack?.value[i].init, { scheme: 'xavier_uniform', gain: 1 });
    // The biases keep PyTorch's default U(±1/√fan_in).
    const bound = 1 / Math.sqrt(MNIST_STACK[i]);
    assert.deepEqual(s.context.stack?.value[i].bias, { scheme: 'uniform', low: -bound, high: bound });
  });
  assert.equal(
    sites.filter((s) => s.implicit).length,
    0,
    'every default is overridden',
  );
}

test('MNIST MLP 784–512×4–10, Sequential of named layers with xavier_uniform_ (seed 004)', () => {
  const sites = torchSites(`import torch
device = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.manual_seed(777)
linear1 = torch.nn.Linear(784, 512, bias=True)
linear2 = torch.nn.Linear(512, 512, bias=True)
linear3 = torch.nn.Linear(512, 512, bias=True)
linear4 = torch.nn.Linear(512, 512, bias=True)
linear5 = torch.nn.Linear(512, 10, bias=True)
relu = torch.nn.ReLU()
torch.nn.init.xavier_uniform_(linear1.weight)
torch.nn.init.xavier_uniform_(linear2.weight)
torch.nn.init.xavier_uniform_(linear3.weight)
torch.nn.init.xavier_uniform_(linear4.weight)
torch.nn.init.xavier_uniform_(linear5.weight)
model = torch.nn.Sequential(linear1, relu, linear2, relu, linear3, relu, linear4, relu, linear5).to(device)
criterion = torch.nn.CrossEntropyLoss().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
`);
  assert.equal(sites.length, 5);
  assertMnist(sites, 'torch.nn.init.xavier_uniform_');
  assert.equal(sites[0].target, 'linear1.weight');
  assert.equal(sites[0].context.stack?.source, 'nn.Sequential (line 15)');
});

test('MNIST MLP as a module class: forward order and activations from forward()', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
import torch.nn.functional as F

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, 512)
        self.fc4 = nn.Linear(512, 512)
        self.fc5 = nn.Linear(512, 10)
        self.act = nn.ReLU()
        for fc in [self.fc1, self.fc2, self.fc3, self.fc4, self.fc5]:
            nn.init.xavier_uniform_(fc.weight)

    def forward(self, x):
        x = x.view(-1, 784)
        x = F.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        x = self.act(self.fc3(x))
        x = self.fc4(x)
        x = x.relu()
        return self.fc5(x)
`);
  assert.equal(sites.length, 1, 'one call initializes all five layers');
  const s = sites[0];
  assert.deepEqual(widths(s), MNIST_STACK);
  assert.deepEqual(activations(s), MNIST_ACTIVATIONS);
  assert.equal(s.context.stackIndex, 0);
  assert.equal(s.context.depth?.value, 5);
  assert.equal(s.context.stack?.source, 'MLP.forward (class at line 5)');
  assert.deepEqual(s.context.activation?.value, { name: 'relu' });
  assert.equal(s.params.std, undefined, 'fans differ across the layers');
});

test('MNIST MLP with explicit per-layer calls in a class, layers defined out of forward order', () => {
  const sites = torchSites(`import torch.nn as nn
import torch.nn.functional as F
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(512, 10)
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, 512)
        self.fc4 = nn.Linear(512, 512)
        nn.init.xavier_uniform_(self.fc1.weight)
        nn.init.xavier_uniform_(self.fc2.weight)
        nn.init.xavier_uniform_(self.fc3.weight)
        nn.init.xavier_uniform_(self.fc4.weight)
        nn.init.xavier_uniform_(self.out.weight)
    def forward(self, x):
        for fc in (self.fc1, self.fc2, self.fc3, self.fc4):
            x = F.relu(fc(x))
        return self.out(x)
`);
  assertMnist(sites, 'nn.init.xavier_uniform_');
});

test('every activation module after a Linear in a Sequential', () => {
  const sites = torchSites(`import torch.nn as nn
net = nn.Sequential(
    nn.Linear(8, 8), nn.ReLU(inplace=True),
    nn.Linear(8, 8), nn.Tanh(),
    nn.Linear(8, 8), nn.Sigmoid(),
    nn.Linear(8, 8), nn.LeakyReLU(0.2),
    nn.Linear(8, 8), nn.LeakyReLU(),
    nn.Linear(8, 8), nn.GELU(),
    nn.Linear(8, 8), nn.GELU(approximate='tanh'),
    nn.Linear(8, 8), nn.SiLU(),
    nn.Linear(8, 8), nn.ELU(alpha=0.5),
    nn.Linear(8, 8), nn.SELU(),
    nn.Linear(8, 8), nn.Softplus(),
    nn.Linear(8, 8), nn.Mish(),
    nn.Linear(8, 8), nn.Identity(), nn.Dropout(0.1),
    nn.Linear(8, 8),
)
`);
  assert.equal(sites.length, 14);
  assert.deepEqual(activations(sites[0]), [
    'relu', 'tanh', 'sigmoid', 'leaky_relu(0.2)', 'leaky_relu(0.01)', 'gelu', 'gelu_tanh', 'silu', 'elu(0.5)', 'selu', 'softplus', 'mish', 'linear', 'linear',
  ]);
  sites.forEach((s, i) => {
    assert.equal(s.implicit, true);
    assert.equal(s.context.stackIndex, i);
    // Identity and Dropout both take a Sequential index before the last Linear.
    assert.equal(s.target, `net[${i < 13 ? 2 * i : 27}].weight`);
    close(s.params.std, 1 / Math.sqrt(24));
  });
});

test('functional activations in forward: leaky_relu slope, elu alpha, gelu tanh form', () => {
  const sites = torchSites(`import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 4)
        self.b = nn.Linear(4, 4)
        self.c = nn.Linear(4, 4)
        self.d = nn.Linear(4, 2)
    def forward(self, x):
        x = F.leaky_relu(self.a(x), negative_slope=0.1)
        x = F.elu(self.b(x), 0.7)
        x = F.gelu(self.c(x), approximate='tanh')
        return F.softmax(self.d(x), dim=-1)
`);
  assert.deepEqual(activations(sites[0]), ['leaky_relu(0.1)', 'elu(0.7)', 'gelu_tanh', 'linear']);
});

// ── Loops, ModuleList, convs ──────────────────────────────────────────────────────────────

test('layer loop: for _ in range(L): layers += [nn.Linear(d, d), nn.ReLU()] → depth L + 1', () => {
  const sites = torchSites(`import torch.nn as nn
d = 100
L = 50
layers = []
for _ in range(L):
    layers += [nn.Linear(d, d), nn.ReLU()]
layers.append(nn.Linear(d, 10))
model = nn.Sequential(*layers)
`);
  assert.equal(sites.length, 2);
  const hidden = sites[0];
  assert.equal(hidden.text, 'nn.Linear(d, d)');
  assert.equal(hidden.context.depth?.value, 51);
  assert.equal(hidden.context.stackIndex, 0);
  assert.deepEqual(widths(hidden), [...Array<number>(51).fill(100), 10]);
  assert.deepEqual(hidden.context.activation, { value: { name: 'relu' }, source: 'the activation after each of the 50 layers it initializes in nn.Sequential (line 8)' });
  assert.equal(hidden.target, 'model[i].weight');
  assert.equal(sites[1].context.stackIndex, 50);
});

test('nn.ModuleList([nn.Linear(d, d) for _ in range(L)]): depth L, with or without a forward', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
L = 8
class Deep(nn.Module):
    def __init__(self, d=64):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(d, d) for _ in range(L)])
    def forward(self, x):
        for layer in self.layers:
            x = torch.tanh(layer(x))
        return x

class Bare(nn.Module):
    def __init__(self, d=32, depth=L * 2):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(d, d) for _ in range(depth)])
`);
  assert.equal(sites.length, 2);
  const [deep, bare] = sites;
  assert.equal(deep.context.depth?.value, 8);
  assert.deepEqual(activations(deep), Array<string>(8).fill('tanh'));
  assert.equal(deep.target, 'self.layers[i].weight');
  assert.equal(bare.context.depth?.value, 16);
  assert.equal(bare.context.stack, undefined, 'no forward: widths known, activations not');
  assert.deepEqual([bare.context.fanIn?.value, bare.context.fanOut?.value], [32, 32]);
});

test('MLP built from a sizes list with a conditional activation, via a helper function', () => {
  const sites = torchSites(`import torch.nn as nn
def make_mlp(sizes, act=nn.Tanh):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)
policy = make_mlp([17, 64, 64, 6])
`);
  assert.equal(sites.length, 1);
  assert.deepEqual(widths(sites[0]), [17, 64, 64, 6]);
  assert.deepEqual(activations(sites[0]), ['tanh', 'tanh', 'linear']);
  assert.equal(sites[0].context.fanIn, undefined, 'one constructor, three different layers');
});

test('Conv2d fans include the receptive field and groups', () => {
  const sites = torchSites(`import torch.nn as nn
conv = nn.Conv2d(16, 32, 3, groups=4)
conv3 = nn.Conv3d(8, 8, kernel_size=(1, 3, 5))
conv1 = nn.Conv1d(4, 6, 7, 1, 0, 1, 2)
`);
  assert.equal(sites.length, 3);
  const [c2, c3, c1] = sites;
  assert.deepEqual([c2.context.fanIn?.value, c2.context.fanOut?.value], [(16 / 4) * 9, 32 * 9]);
  close(c2.params.std, 1 / Math.sqrt(3 * 36));
  assert.equal(c2.params.receptiveField, 9);
  assert.equal(c2.params.groups, 4);
  assert.deepEqual([c3.context.fanIn?.value, c3.context.fanOut?.value], [8 * 15, 8 * 15]);
  // Positional groups (the 7th argument).
  assert.deepEqual([c1.context.fanIn?.value, c1.context.fanOut?.value], [2 * 7, 6 * 7]);
  assert.equal(c1.params.groups, 2);
});

test('a conv stack keeps channel widths and carries receptive field and groups in the init', () => {
  const sites = torchSites(`import torch.nn as nn
features = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 5, groups=2), nn.ReLU())
`);
  const [first, second] = sites;
  assert.deepEqual(widths(first), [3, 32, 64]);
  assert.deepEqual(first.context.stack?.value[1].init, { scheme: 'torch_default', receptiveField: 25, groups: 2 });
  const bound = 1 / Math.sqrt(16 * 25);
  assert.deepEqual(second.context.stack?.value[1].bias, { scheme: 'uniform', low: -bound, high: bound });
});

test('a chain that does not compose (conv → flatten → linear) gives depth but no stack', () => {
  const sites = torchSites(`import torch.nn as nn
net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
`);
  assert.equal(sites.length, 2);
  assert.ok(sites.every((s) => s.context.stack === undefined && s.context.depth?.value === 2));
});

test('nn.Sequential with an OrderedDict and nested Sequentials', () => {
  const sites = torchSites(`from collections import OrderedDict
import torch.nn as nn
model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(20, 30)),
    ('act1', nn.Sigmoid()),
    ('block', nn.Sequential(nn.Linear(30, 30), nn.Tanh())),
    ('out', nn.Linear(30, 1)),
]))
`);
  assert.equal(sites.length, 3);
  assert.deepEqual(widths(sites[0]), [20, 30, 30, 1]);
  assert.deepEqual(activations(sites[0]), ['sigmoid', 'tanh', 'linear']);
});

test('model.apply(fn) at module level overrides the defaults of an instantiated class', () => {
  const sites = torchSites(`import torch.nn as nn
class Net(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)
    def forward(self, x):
        return self.out(self.hidden(x).sigmoid())

def init_normal(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)

net = Net(10, 20, 2)
net.apply(init_normal)
`);
  assert.equal(sites.length, 1);
  assert.deepEqual(widths(sites[0]), [10, 20, 2]);
  assert.deepEqual(activations(sites[0]), ['sigmoid', 'linear']);
  assert.equal(sites[0].params.std, 0.01);
});

test('a custom layer with nn.Parameter(torch.empty(out, in)) and reset_parameters', () => {
  const sites = torchSites(`import math
import torch
import torch.nn as nn
class MyLinear(nn.Module):
    def __init__(self, in_features=64, out_features=32):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        self.reset_parameters()
    def reset_parameters(self):
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        nn.init.uniform_(self.bias, -0.125, 0.125)
`);
  assert.equal(sites.length, 1);
  assert.equal(sites[0].target, 'self.weight');
  assert.deepEqual([sites[0].context.fanIn?.value, sites[0].context.fanOut?.value], [64, 32]);
  close(sites[0].params.std, 1 / Math.sqrt(3 * 64));
});

// ── Negatives ─────────────────────────────────────────────────────────────────────────────

const NEGATIVES: [string, string][] = [
  ['bias inits', `import torch.nn as nn
def init(m):
    nn.init.zeros_(m.bias)
    nn.init.constant_(m.bias, 0.1)
    m.bias.data.zero_()
    m.bias.data.fill_(0.01)
b1 = None
nn.init.zeros_(b1)`],
  ['seeding', `import torch
torch.manual_seed(0)
torch.cuda.manual_seed_all(0)`],
  ['dropout and pooling modules', `import torch.nn as nn
drop = nn.Dropout(0.5)
pool = nn.MaxPool2d(2)
flat = nn.Flatten()`],
  ['BatchNorm1d weight fill_(1) and LayerNorm ones_', `import torch.nn as nn
class N(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(64)
        self.ln = nn.LayerNorm(64)
        self.bn.weight.data.fill_(1)
        self.bn.bias.data.zero_()
        nn.init.ones_(self.ln.weight)`],
  ['BatchNorm branch of an init function no model uses', `import torch.nn as nn
def init(m):
    if isinstance(m, nn.BatchNorm2d):
        m.weight.data.fill_(1)
        nn.init.normal_(m.weight, 1.0, 0.02)`],
  // Embedding tables are lookups, not z = a·W steps: neither their N(0, 1) default nor an
  // explicit init of the table is a layer-weight site.
  ['nn.Embedding default and explicit init', `import torch.nn as nn
class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(1000, 64)
        self.emb.weight.data.uniform_(-0.1, 0.1)
        nn.init.normal_(self.emb.weight, std=0.02)`],
  ['optimizers and schedulers', `import torch
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, 10)
opt.zero_grad()`],
  ['x.normal_() on data and noise tensors', `import torch
x = torch.empty(128, 10)
x.normal_()
noise = torch.zeros(64)
noise.normal_(0, 0.1)
batch.uniform_(-1, 1)
z.data.normal_()`],
  ['activation modules and losses', `import torch.nn as nn
act = nn.ReLU()
loss = nn.CrossEntropyLoss()`],
  ['flax modules named nn', `import flax.linen as nn
class M(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(10)(x)`],
  ['a 1-D parameter is a bias or a scale', `import torch
import torch.nn as nn
scale = nn.Parameter(torch.ones(64))
nn.init.constant_(scale, 1.0)`],
  ['no torch at all', `import numpy as np
W = np.random.randn(100, 100) * 0.01`],
];

for (const [name, source] of NEGATIVES) {
  test(`negative: ${name}`, () => {
    assert.deepEqual(
      torchSites(source).map((s) => s.text),
      [],
    );
  });
}

// ── Robustness ────────────────────────────────────────────────────────────────────────────

const ROBUST_SOURCE = `import torch
import torch.nn as nn
import torch.nn.functional as F
L = 4
class Net(nn.Module):
    def __init__(self, d=64):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(d, d) for _ in range(L)])
        self.head = nn.Sequential(nn.Linear(d, 10), nn.Softmax(dim=-1))
        self.apply(self._init)
    def _init(self, m):
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
            m.bias.data.zero_()
    def forward(self, x):
        for layer in self.layers:
            x = F.relu(layer(x))
        return self.head(x)
net = Net()
with torch.no_grad():
    net.head[0].weight.normal_(0, 0.01)
`;

test('truncated and mutated sources never throw', () => {
  for (let cut = 0; cut <= ROBUST_SOURCE.length; cut += 7) torchSites(ROBUST_SOURCE.slice(0, cut));
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const alphabet = '()[]{}:,.=*+-\n    abcxyz0123_\'"#\\';
  for (let trial = 0; trial < 300; trial++) {
    const chars = [...ROBUST_SOURCE];
    const edits = 1 + Math.floor(random() * 6);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * chars.length);
      const kind = random();
      if (kind < 0.4) chars.splice(at, 1);
      else if (kind < 0.8) chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]);
      else chars.splice(at, Math.floor(random() * 20));
    }
    torchSites(chars.join(''));
  }
  const bytes = Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
  torchSites(`import torch.nn as nn\n${bytes}`);
});

test('recursion, self-reference and huge loops terminate', () => {
  const sites = torchSites(`import torch.nn as nn
def build(n):
    return build(n - 1) if n > 0 else nn.Linear(4, 4)
x = build(3)
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = A()
        self.fc = nn.Linear(2, 2)
a = A()
for epoch in range(10 ** 9):
    for batch in loader:
        pass
while True:
    layers = layers + layers
`);
  assert.ok(sites.length >= 2);
});

test('unrelated calls named like torch functions are not sites', () => {
  assert.deepEqual(torchSites(`import mylib.init as init\ninit.normal_(x)\n`).map((s) => s.text), []);
});

// ── Library idioms ────────────────────────────────────────────────────────────────────────

test('timm trunc_normal_ and a ViT position embedding parameter', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
from timm.models.layers import trunc_normal_
class ViTHead(nn.Module):
    def __init__(self, dim=768, classes=1000):
        super().__init__()
        self.pos_embed = nn.Parameter(torch.zeros(1, 197, dim))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)
        trunc_normal_(self.pos_embed, std=.02)
        self.apply(self._init_weights)
    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            trunc_normal_(m.weight, std=.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.LayerNorm):
            nn.init.constant_(m.bias, 0)
            nn.init.constant_(m.weight, 1.0)
`);
  assert.deepEqual(
    sites.map((s) => s.text),
    ['trunc_normal_(self.pos_embed, std=.02)', 'trunc_normal_(m.weight, std=.02)'],
  );
  const head = sites[1];
  assert.deepEqual(head.init, { scheme: 'truncated_normal', mean: 0, std: 0.02, low: -2, high: 2 });
  // ±2 absolute is ±100σ: the truncation removes nothing measurable.
  close(head.params.std, 0.02);
  assert.deepEqual([head.context.fanIn?.value, head.context.fanOut?.value], [768, 1000]);
});

test('HF style: post_init() applies _init_weights; std from a config object', () => {
  const sites = torchSites(`import torch.nn as nn
class Config:
    def __init__(self, hidden=512, initializer_range=0.02):
        self.hidden = hidden
        self.initializer_range = initializer_range

class Model(PreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.config = config
        self.dense = nn.Linear(config.hidden, config.hidden)
        self.post_init()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=self.config.initializer_range)
            if module.bias is not None:
                module.bias.data.zero_()

if __name__ == '__main__':
    model = Model(Config())
`);
  assert.equal(sites.length, 1);
  assert.equal(sites[0].target, 'module.weight');
  assert.equal(sites[0].params.std, 0.02);
  assert.deepEqual([sites[0].context.fanIn?.value, sites[0].context.fanOut?.value], [512, 512]);
});

test('a std computed per layer (1/√in_features) is one site whose number varies', () => {
  const sites = torchSites(`import math
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(100, 400)
        self.b = nn.Linear(400, 10)
        self.c = nn.Linear(300, 100)
        nn.init.normal_(self.c.weight, std=1 / math.sqrt(self.c.in_features))
        for m in [self.a, self.b]:
            nn.init.normal_(m.weight, std=1 / math.sqrt(m.in_features))
`);
  assert.equal(sites.length, 2);
  close(sites[0].params.std, 1 / Math.sqrt(300));
  assert.equal(sites[1].params.std, undefined);
  assert.deepEqual(sites[1].unresolved, ['std=1 / math.sqrt(m.in_features)']);
});

test('a tensor that is initialized in place and stored as a weight', () => {
  const sites = torchSites(`import torch
import torch.nn as nn
W1 = torch.empty(784, 256).normal_(0, 0.01)
noise = torch.empty(784, 256).normal_(0, 0.01)
class P(nn.Module):
    def __init__(self):
        super().__init__()
        self.U = nn.Parameter(torch.empty(64, 32).uniform_(-0.1, 0.1))
`);
  assert.deepEqual(
    sites.map((s) => [s.target, s.init.scheme]),
    [
      ['W1', 'normal'],
      ['self.U', 'uniform'],
    ],
  );
  assert.deepEqual([sites[1].context.fanIn?.value, sites[1].context.fanOut?.value], [32, 64]);
});

test('an nn.Sequential subclass built with super().__init__(*layers)', () => {
  const sites = torchSites(`import torch.nn as nn
class MLP(nn.Sequential):
    def __init__(self, d=32, L=3):
        layers = []
        for _ in range(L):
            layers += [nn.Linear(d, d), nn.SELU()]
        super().__init__(*layers)
`);
  assert.equal(sites.length, 1);
  assert.deepEqual(activations(sites[0]), ['selu', 'selu', 'selu']);
  assert.equal(sites[0].target, 'self[i].weight');
  assert.equal(sites[0].context.stack?.source, 'MLP (an nn.Sequential, class at line 2)');
});

test('recurrent weights by parameter name: a site without context, biases skipped', () => {
  const sites = torchSites(`import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(10, 20)
        for name, param in self.lstm.named_parameters():
            if 'weight_ih' in name:
                nn.init.xavier_uniform_(param)
            elif 'weight_hh' in name:
                nn.init.orthogonal_(param)
            elif 'bias' in name:
                nn.init.zeros_(param)
`);
  assert.deepEqual(
    sites.map((s) => s.init.scheme),
    ['xavier_uniform', 'orthogonal'],
  );
});

test('layers built under an unknown loop count: apply still overrides them, but no stack is claimed', () => {
  const sites = torchSites(`import torch.nn as nn
class MLP(nn.Module):
    def __init__(self, hidden_sizes, d_in=10):
        super().__init__()
        layers = []
        for h in hidden_sizes:
            layers += [nn.Linear(d_in, h), nn.ReLU()]
            d_in = h
        self.net = nn.Sequential(*layers)
        self.apply(init_weights)
    def forward(self, x):
        return self.net(x)

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.kaiming_uniform_(m.weight, nonlinearity='relu')
`);
  assert.equal(sites.length, 1, sites.map((s) => s.text).join(' | '));
  assert.equal(sites[0].context.stack, undefined);
  assert.equal(sites[0].context.depth, undefined);
  assert.deepEqual(sites[0].context.activation, { value: { name: 'relu' }, source: 'nonlinearity= argument' });
});

test('a residual forward is not a plain chain: no stack', () => {
  const sites = torchSites(`import torch.nn as nn
import torch.nn.functional as F
class Res(nn.Module):
    def __init__(self, d=64):
        super().__init__()
        self.fc1 = nn.Linear(d, d)
        self.fc2 = nn.Linear(d, d)
    def forward(self, x):
        h = F.relu(self.fc1(x))
        return x + self.fc2(h)
`);
  assert.equal(sites.length, 2);
  assert.ok(sites.every((s) => s.context.stack === undefined && s.context.depth === undefined));
});

test('layers registered with setattr/add_module under f-string names, used through getattr in forward', () => {
  const sites = torchSites(`import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, n=4, d=32):
        super().__init__()
        self.n = n
        for i in range(n):
            setattr(self, f'fc{i}', nn.Linear(d, d))
        self.add_module(f'out', nn.Linear(d, 2))
    def forward(self, x):
        for i in range(self.n):
            x = F.relu(getattr(self, f'fc{i}')(x))
        return self.out(x)
`);
  assert.equal(sites.length, 2);
  assert.deepEqual(widths(sites[0]), [32, 32, 32, 32, 32, 2]);
  assert.deepEqual(activations(sites[0]), ['relu', 'relu', 'relu', 'relu', 'linear']);
  assert.equal(sites[1].target, 'self.out.weight');
});
