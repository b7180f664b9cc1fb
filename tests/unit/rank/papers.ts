/**
 * Small hand-made paper sets for the ranking tests: three clear topics and a few papers from
 * elsewhere. Titles and abstracts are written like real ones, so stop words, plurals and
 * punctuation all occur.
 */
import type { RankText } from '../../../lib/rank/corpus';
import type { PaperRecord } from '../../../lib/model/paper';

export const DIFFUSION: RankText[] = [
  {
    id: '2501.00001',
    title: 'Latent Diffusion Models for High-Resolution Image Synthesis',
    abstract:
      'We train diffusion models in the latent space of pretrained autoencoders. The denoising network generates images with fewer sampling steps and sharper textures.',
  },
  {
    id: '2501.00002',
    title: 'Faster Sampling for Diffusion Models with Consistency Distillation',
    abstract:
      'Diffusion models need many denoising steps. We distil a consistency model that samples images in two steps while keeping image quality.',
  },
  {
    id: '2501.00003',
    title: 'Guided Image Generation with Text-Conditioned Diffusion',
    abstract:
      'Classifier-free guidance steers the denoising process of a diffusion model towards the text prompt, improving image fidelity in text-to-image generation.',
  },
  {
    id: '2501.00004',
    title: 'Score-Based Generative Modeling through Stochastic Differential Equations',
    abstract:
      'Score-based diffusion models reverse a noising process. The reverse SDE generates images by denoising samples from noise with learned scores.',
  },
  {
    id: '2501.00005',
    title: 'Diffusion Transformers Scale Image Generation',
    abstract:
      'Replacing the U-Net backbone with a transformer, diffusion transformers generate images whose quality improves with model size and denoising compute.',
  },
  {
    id: '2501.00006',
    title: 'Inpainting Images with Pretrained Diffusion Models',
    abstract: 'A pretrained diffusion model fills masked regions of images by conditioning each denoising step on the known pixels.',
  },
  {
    id: '2501.00007',
    title: 'Video Diffusion Models for Temporally Coherent Generation',
    abstract: 'We extend image diffusion models to video: a space-time denoising network generates frames that stay coherent over time.',
  },
  {
    id: '2501.00008',
    title: 'Training-Free Style Transfer with Diffusion Models',
    abstract:
      'Attention features of a pretrained diffusion model transfer the style of one image to another during denoising, without any training.',
  },
  {
    id: '2501.00009',
    title: 'Improved Noise Schedules for Diffusion Image Models',
    abstract:
      'The noise schedule decides how fast images are corrupted. A cosine schedule improves sample quality of diffusion models at every resolution.',
  },
  {
    id: '2501.00010',
    title: 'Super-Resolution by Iterative Denoising Diffusion',
    abstract: 'Conditioned on a low-resolution input, a diffusion model denoises its way to a high-resolution image with realistic detail.',
  },
];

export const ROBOTS: RankText[] = [
  {
    id: '2502.00001',
    title: 'Reinforcement Learning for Dexterous Robot Manipulation',
    abstract:
      'A robot hand learns to manipulate objects with reinforcement learning in simulation, then transfers the policy to the real robot.',
  },
  {
    id: '2502.00002',
    title: 'Sim-to-Real Transfer of Legged Locomotion Policies',
    abstract:
      'Policies trained with reinforcement learning in simulation let a legged robot walk on rough terrain after domain randomisation.',
  },
  {
    id: '2502.00003',
    title: 'Offline Reinforcement Learning from Robot Demonstrations',
    abstract:
      'We learn a robot control policy from logged demonstrations without interaction, using conservative value estimates for the policy.',
  },
  {
    id: '2502.00004',
    title: 'Reward Shaping for Robot Navigation',
    abstract: 'Dense rewards speed up reinforcement learning of navigation policies for mobile robots in cluttered indoor scenes.',
  },
  {
    id: '2502.00005',
    title: 'Language-Conditioned Robot Policies',
    abstract:
      'A robot follows natural language instructions: a policy conditioned on language is trained with imitation and reinforcement learning.',
  },
  {
    id: '2502.00006',
    title: 'Safe Exploration for Robot Reinforcement Learning',
    abstract: 'Constraints keep a robot safe while its reinforcement learning policy explores, with no damage to the hardware.',
  },
  {
    id: '2502.00007',
    title: 'Grasping Unknown Objects with a Learned Robot Policy',
    abstract:
      'A grasping policy for a robot arm, trained with reinforcement learning on thousands of objects, picks up objects it never saw.',
  },
  {
    id: '2502.00008',
    title: 'Multi-Robot Coordination with Reinforcement Learning',
    abstract: 'Several robots learn to share a warehouse: a multi-agent reinforcement learning policy avoids collisions between robots.',
  },
];

export const SPEECH: RankText[] = [
  {
    id: '2503.00001',
    title: 'End-to-End Speech Recognition with Conformers',
    abstract: 'A conformer encoder transcribes speech audio into text, lowering word error rate on spoken benchmarks.',
  },
  {
    id: '2503.00002',
    title: 'Self-Supervised Speech Representations',
    abstract: 'Masked prediction on raw audio learns speech representations that make speech recognition work with little labelled audio.',
  },
  {
    id: '2503.00003',
    title: 'Multilingual Speech Recognition at Scale',
    abstract: 'One speech recognition model for a hundred languages, trained on weakly labelled audio, transcribes speech robustly.',
  },
  {
    id: '2503.00004',
    title: 'Streaming Speech Recognition with Low Latency',
    abstract: 'A streaming transducer transcribes speech audio as it arrives, with low latency on device.',
  },
  {
    id: '2503.00005',
    title: 'Text-to-Speech Synthesis with Neural Vocoders',
    abstract: 'A neural vocoder turns spectrograms into speech audio that listeners rate close to human speech.',
  },
  {
    id: '2503.00006',
    title: 'Speaker Diarization in Meeting Audio',
    abstract: 'We segment meeting audio by speaker, so transcripts from speech recognition say who spoke when.',
  },
];

export const OTHER: RankText[] = [
  {
    id: '2504.00001',
    title: 'A Survey of Graph Neural Networks',
    abstract: 'Graph neural networks pass messages between nodes. We review architectures, benchmarks and open questions on graphs.',
  },
  {
    id: '2504.00002',
    title: 'Protein Structure Prediction with Attention',
    abstract: 'Attention over residue pairs predicts protein structures with atomic accuracy.',
  },
  {
    id: '2504.00003',
    title: 'Efficient Transformers for Long Documents',
    abstract: 'Sparse attention lets transformers read long documents with linear memory.',
  },
  {
    id: '2504.00004',
    title: 'Federated Learning with Differential Privacy',
    abstract: 'Clients train a shared model without sharing data; noise on updates gives differential privacy.',
  },
  {
    id: '2504.00005',
    title: 'Tabular Data Benchmarks for Gradient Boosting',
    abstract: 'Gradient boosted trees still beat deep networks on most tabular data benchmarks.',
  },
  {
    id: '2504.00006',
    title: 'Weather Forecasting with Neural Networks',
    abstract: 'A neural network trained on reanalysis data forecasts global weather ten days ahead.',
  },
];

export const ALL: RankText[] = [...DIFFUSION, ...ROBOTS, ...SPEECH, ...OTHER];

export const ids = (papers: readonly RankText[]) => papers.map((p) => p.id);

/** The test papers as a page read reports them (all on the daily list). */
export const RECORDS: PaperRecord[] = ALL.map((p) => ({
  id: p.id,
  title: p.title,
  ...(p.abstract ? { abstract: p.abstract } : {}),
  seenOn: { view: 'daily', url: 'https://huggingface.co/papers' },
}));
