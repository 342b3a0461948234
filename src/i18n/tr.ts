import type { Strings } from './strings.js';

export const tr: Strings = {
  locale: 'tr',

  formHeading: 'PayPOS ile öde',
  reversalHeading: 'Ödemeyi iptal et veya iade et',
  reversalIntro: (saleSessionId) => `${saleSessionId} numaralı ödemenin tamamı iptal edilecek veya iade edilecek; onay telefonda verilir.`,
  amountLabel: 'Tutar (TL)',
  amountHint: 'Örneğin 149,90',
  amountErrors: {
    empty: () => 'Ödenecek tutarı girin.',
    invalid: () => 'Tutarı rakamla girin, örneğin 149,90.',
    negative: () => 'Tutar eksi olamaz.',
    zero: () => 'Tutar sıfırdan büyük olmalı.',
    too_many_decimals: () => 'Virgülden sonra en fazla iki hane (kuruş) kullanın, örneğin 12,34 veya 12.345,00.',
    too_large: (max) => `Tutar en fazla ${max} olabilir.`,
  },
  instalmentsLabel: 'Taksit',
  instalmentOption: (count) => (count <= 1 ? 'Tek çekim' : `${count} taksit`),
  methodLabel: 'Ödeme yöntemi',
  methodPaypos: 'PayPOS',
  methodCard: 'Kart',
  pay: (amount) => `${amount} öde`,
  payNoAmount: 'Öde',
  refund: 'İptal/iade et',
  preparing: 'Hazırlanıyor…',
  misconfigured: 'Bu ödeme alanı doğru kurulmamış. Lütfen mağazaya bildirin.',

  deviceLabel: 'Terminal',
  devicesLoading: 'Terminaller yükleniyor…',
  devicesFailed: 'Terminal listesi yüklenemedi.',
  devicesRetry: 'Yeniden yükle',
  devicesEmpty: 'Kullanılabilir terminal yok.',
  deviceRequired: 'Bir terminal seçin.',

  cardHolderLabel: 'Kart üzerindeki isim',
  cardNumberLabel: 'Kart numarası',
  cardExpiryLabel: 'Son kullanma tarihi (AA/YY)',
  cardExpiryPlaceholder: 'AA/YY',
  cardCvcLabel: 'Güvenlik kodu',
  cardErrors: {
    holder: { empty: 'Kart üzerindeki ismi girin.', invalid: 'İsmi kartta yazdığı gibi girin.' },
    number: { empty: 'Kart numarasını girin.', invalid: 'Bu kart numarası geçerli değil.' },
    expiry: { empty: 'Son kullanma tarihini girin.', invalid: 'Tarihi AA/YY olarak girin.', past: 'Bu kartın süresi dolmuş.' },
    cvc: { empty: 'Güvenlik kodunu girin.', invalid: '3 haneli kodu girin (American Express için 4 hane).' },
  },
  cardBrand: (brand) =>
    ({ visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', troy: 'Troy' })[brand] ?? brand,

  qrHeading: 'Telefonunuzla okutun',
  qrInstructions: 'Telefonda kamerayı veya PayPOS’u açıp kodu okutun, ardından kartı telefona yaklaştırın.',
  qrAlt: 'PayPOS ödeme bağlantısının karekodu',
  deeplinkHeading: 'Ödemeyi PayPOS’ta tamamlayın',
  deeplinkInstructions: 'PayPOS bu telefonda açılır. Kartı telefona yaklaştırın, sonra buraya dönün.',
  openPaypos: 'PayPOS’u aç',
  deviceHeading: 'Ödemeyi terminalde tamamlayın',
  sentToTerminal: (label) => `${label} terminaline gönderildi — ödemeyi orada tamamlayın.`,
  amountToPay: 'Tutar',
  timeLeftLabel: 'Kalan süre',
  timeLeft: (minutes, seconds) => `${minutes}:${String(seconds).padStart(2, '0')}`,
  copyLink: 'Bağlantıyı kopyala',
  linkCopied: 'Bağlantı kopyalandı.',
  copyFallbackLabel: 'Ödeme bağlantısı (seçip kopyalayın)',
  cancel: 'Vazgeç',
  cancelling: 'İptal ediliyor…',
  reconnecting: 'Bağlantı koptu, yeniden bağlanılıyor…',

  succeededHeading: 'Ödeme başarılı',
  reversalSucceededHeading: 'Ödeme iptal/iade edildi',
  failedHeading: 'Ödeme tamamlanamadı',
  expiredHeading: 'Süre doldu',
  expiredText: 'Ödeme zamanında tamamlanmadı. Hiçbir tutar çekilmedi.',
  cancelledHeading: 'Ödeme iptal edildi',
  cancelledText: 'Ödeme tamamlanmadı.',
  lateWatchNote: 'Telefon yine de kartı alırsa burada göstereceğiz.',
  earlierPaymentCompleted: (amount, card) =>
    `Önceki ${amount} tutarındaki ödeme telefonda tamamlandı${card === undefined ? '' : ` (kart ${card})`}.`,
  earlierReversalCompleted: (amount) => `Önceki ${amount} tutarındaki iptal/iade telefonda tamamlandı.`,
  reviewHeading: 'Bu ödemeyi henüz doğrulayamadık',
  reviewText: 'Lütfen tekrar ödeme yapmayın. Mağaza bu ödemeyi kontrol edip size dönüş yapacak.',
  reversalReviewHeading: 'Bu iptal/iadeyi henüz doğrulayamadık',
  reversalReviewText: 'Lütfen işlemi tekrar başlatmayın. Mağaza bu işlemi kontrol edip size dönüş yapacak.',
  earlierPaymentUnconfirmed: (amount) =>
    `Önceki ${amount} tutarındaki ödeme henüz doğrulanamadı. Mağaza kontrol edip size dönüş yapacak.`,
  earlierReversalUnconfirmed: (amount) =>
    `Önceki ${amount} tutarındaki iptal/iade henüz doğrulanamadı. Mağaza kontrol edip size dönüş yapacak.`,
  errorHeading: 'Bir sorun oluştu',
  tryAgain: 'Tekrar dene',
  startAgain: 'Baştan başla',
  newPayment: 'Yeni ödeme',

  resultCard: 'Kart',
  resultAmount: 'Tutar',
  resultInstalments: 'Taksit',
  resultAuthorisation: 'Onay kodu',
  resultReference: 'Referans',

  announce: {
    creating: 'Ödeme hazırlanıyor.',
    awaitingQr: 'Ödeme bekleniyor. Karekodu telefonunuzla okutun.',
    awaitingDeeplink: 'Ödeme PayPOS’ta bekleniyor.',
    awaitingDevice: 'Ödeme terminalde bekleniyor.',
    succeeded: 'Ödeme başarılı.',
    failed: 'Ödeme tamamlanamadı.',
    expired: 'Süre doldu. Ödeme tamamlanmadı.',
    cancelled: 'Ödeme iptal edildi.',
    needs_review: 'Ödeme henüz doğrulanamadı. Lütfen tekrar ödeme yapmayın.',
    error: 'Bir sorun oluştu.',
  },

  describeError: (code) => {
    if (code === 'network') return 'Mağazaya ulaşılamadı. Bağlantınızı kontrol edip tekrar deneyin.';
    if (code === 'timeout') return 'Mağaza zamanında yanıt vermedi. Lütfen tekrar deneyin.';
    if (code === 'malformed_response') return 'Mağazadan okunamayan bir yanıt geldi. Lütfen tekrar deneyin.';
    if (code === 'unsafe_deeplink') return 'Ödeme bağlantısı güvenli olmadığı için açılmadı.';
    if (code === 'needs_review') return 'Bu ödemenin sonucu Paynet’ten zamanında öğrenilemedi.';
    if (code === 'http_429') return 'Çok fazla deneme yapıldı. Biraz bekleyip tekrar deneyin.';
    if (/^http_5\d\d$/u.test(code)) return 'Mağazada bir sorun var. Lütfen tekrar deneyin.';
    if (/^http_\d{3}$/u.test(code)) return 'Mağaza isteği kabul etmedi.';
    return 'Beklenmeyen bir hata oluştu.';
  },
};
